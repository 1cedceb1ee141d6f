/**
 * schedule.cf: `[schedule NAME]` sections with ordered `rule = …` lines
 * (first rule in effect wins, reference 2.4.1). The file's alerting sections
 * (return groups, [alerting], [defaults], alert plans and their aliases) are
 * read by alert-plan-file.ts; this parser vets every section type.
 */
import type { ConfigProblem } from './config-error.js';
import type { Schedule, ScheduleRule } from './config-model.js';
import type { IniDocument } from './ini-reader.js';
import { parseScheduleRule } from './schedule-rule.js';
import { SectionReader, knownSections } from './section-reader.js';

/** Section types of schedule.cf: true = named. */
export const SCHEDULE_FILE_SECTIONS = { schedule: true, returngroup: true, alerting: false, defaults: false, alertplan: true, alias: true } as const;

/**
 * Parses schedule.cf into schedules by name, in file order. Every schedule
 * appears in the result even when some of its rules are bad (those are
 * reported), so references to it do not cascade into more problems.
 */
export function parseScheduleFile(doc: IniDocument, problems: ConfigProblem[]): Map<string, Schedule> {
  const schedules = new Map<string, Schedule>();
  const sections = knownSections(doc, SCHEDULE_FILE_SECTIONS, problems);
  for (const section of sections.filter((s) => s.type === 'schedule')) {
    const name = section.name ?? '';
    const r = new SectionReader(doc.file, section, { keys: ['rule'] }, problems);
    const rules: ScheduleRule[] = [];
    for (const e of r.all('rule')) {
      const outcome = parseScheduleRule(e.bare ? '' : e.value, { file: doc.file, line: e.line });
      if ('rule' in outcome) rules.push(outcome.rule);
      else r.report(e, outcome.problem, { expected: outcome.expected, found: JSON.stringify(e.value) });
    }
    if (!r.has('rule')) r.report(undefined, 'a schedule needs at least one rule', { key: 'rule', expected: 'rule = every 5 minutes, rule = never, …' });
    if (!schedules.has(name)) schedules.set(name, { name, rules, source: { file: doc.file, line: section.line } });
  }
  return schedules;
}
