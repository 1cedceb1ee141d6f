/**
 * `[returngroup NAME]` sections of schedule.cf (reference 2.4.4): named sets
 * of return codes for `on = returngroup NAME` and the clear-state rules.
 */
import type { ReturnGroup } from './alert-model.js';
import { RETURN_VALUES_SYNTAX, parseReturnValueList } from './alert-plan-phrase.js';
import type { ConfigProblem } from './config-error.js';
import type { IniDocument } from './ini-reader.js';
import { SectionReader, sectionsOf } from './section-reader.js';

export const RETURN_GROUP_KEYS = ['return values'] as const;

/** Words with a meaning of their own in `clear state honors returngroups`. */
const RESERVED = ['all', 'none'];

/** Parses every [returngroup] of schedule.cf, in file order; problems are reported, groups returned anyway. */
export function parseReturnGroups(doc: IniDocument, problems: ConfigProblem[]): Map<string, ReturnGroup> {
  const groups = new Map<string, ReturnGroup>();
  for (const section of sectionsOf(doc, 'returngroup', true)) {
    const name = section.name ?? '';
    const r = new SectionReader(doc.file, section, { keys: RETURN_GROUP_KEYS }, problems);
    if (RESERVED.includes(name.toLowerCase())) r.report(undefined, `the return group name "${name}" is reserved`, { expected: 'a name other than all and none' });
    if (!r.has('return values')) r.report(undefined, 'missing required key "return values"', { key: 'return values', expected: `return values = ${RETURN_VALUES_SYNTAX}` });
    const codes: number[] = [];
    for (const e of r.all('return values')) {
      for (const rc of r.parse(e, (x) => parseReturnValueList(x.value)) ?? []) {
        if (codes.includes(rc)) r.report(e, `return value ${rc} is listed twice`, { found: String(rc) });
        else codes.push(rc);
      }
    }
    if (!groups.has(name)) groups.set(name, { name, codes, source: { file: doc.file, line: section.line } });
  }
  return groups;
}
