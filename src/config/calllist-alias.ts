/**
 * `[alias NEW]` of calllist.cf (reference 2.5, 1.0's `alias LIST via ALERT to
 * NEW`): the same members and the same rotation state as the original list,
 * reached through another alert method. Aliases may chain, in any order.
 */
import type { CallList, Person } from './alert-model.js';
import { type AliasDraft, resolveAliasChains } from './alias-chain.js';
import { reachable } from './calllist-section.js';
import type { ConfigProblem } from './config-error.js';
import type { IniSection } from './ini-reader.js';
import { SectionReader } from './section-reader.js';

export const CALLLIST_ALIAS_KEYS = ['calllist', 'via'] as const;

export interface CallListAliasContext {
  readonly persons: ReadonlyMap<string, Person>;
  readonly alertMethods: ReadonlySet<string>;
}

interface ListAliasDraft extends AliasDraft {
  readonly via?: string;
}

/** Adds the aliases of `sections` to `lists` (after the lists, in file order), reporting every problem. */
export function resolveCallListAliases(
  file: string, sections: readonly IniSection[], lists: Map<string, CallList>, context: CallListAliasContext, problems: ConfigProblem[],
): void {
  const drafts = new Map<string, ListAliasDraft>();
  for (const section of sections) {
    const name = section.name ?? '';
    const r = new SectionReader(file, section, { keys: CALLLIST_ALIAS_KEYS }, problems);
    const clash = lists.get(name);
    if (clash !== undefined) r.report(undefined, `alias ${name} has the name of the call list defined at line ${clash.source.line}`);
    for (const key of CALLLIST_ALIAS_KEYS) {
      if (!r.has(key)) r.report(undefined, `missing required key "${key}"`, { key, expected: key === 'via' ? 'via = <alert>' : 'calllist = <call list or alias>' });
    }
    const target = r.name('calllist');
    const via = r.name('via');
    if (via !== undefined && !context.alertMethods.has(via)) r.report(r.entry('via'), `alert ${via} is not defined in calllist.cf`, { expected: 'the name of an [alert] section', found: via });
    if (target !== undefined && clash === undefined) drafts.set(name, { target, reader: r, key: 'calllist', ...(via !== undefined ? { via } : {}) });
  }
  const aliases = resolveAliasChains(drafts, {
    what: 'call list',
    file: 'calllist.cf',
    original: (name) => lists.get(name),
    derive: (name, draft, target) => {
      const r = draft.reader;
      if (draft.via === undefined) return undefined;
      for (const member of target.members) {
        const person = context.persons.get(member);
        if (person !== undefined && !reachable(person, draft.via)) {
          r.report(r.entry('via'), `person ${member} of call list ${target.aliasOf ?? target.name} cannot be reached via ${draft.via}`, {
            expected: `notify = … via ${draft.via}, or otherwise = …, in [person ${member}]`,
            found: member,
          });
        }
      }
      return { ...target, name, via: draft.via, aliasOf: target.aliasOf ?? target.name, source: { file: r.file, line: r.line } };
    },
  });
  for (const [name, list] of aliases) lists.set(name, list);
}
