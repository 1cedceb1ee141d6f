/**
 * One `rule = …` line of a schedule (reference 2.4.1), in the forms
 *   [from <time> until <time>] every <interval>
 *   [from <time> until <time>] never
 *   at <time> [<time> …]
 *   cron <node-cron expression>
 */
import cron from 'node-cron';
import type { ScheduleRule, SourceRef, TimeWindow } from './config-model.js';
import { INTERVAL_SYNTAX, parseInterval } from './interval.js';
import { WEEK_TIME_SYNTAX, parseWeekTimes } from './week-time.js';

export const RULE_SYNTAX =
  '[from <time> until <time>] every <interval> | [from <time> until <time>] never | at <time> … | cron <expression>';

export type RuleOutcome = { readonly rule: ScheduleRule } | { readonly problem: string; readonly expected: string };

/** Parses one rule; never throws. */
export function parseScheduleRule(text: string, source: SourceRef): RuleOutcome {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  const head = words[0]?.toLowerCase();
  if (head === undefined) return { problem: 'empty rule', expected: RULE_SYNTAX };
  if (head === 'cron') {
    const expression = words.slice(1).join(' ');
    if (!validCron(expression)) {
      return { problem: `bad cron expression${cronComplaint(expression)}`, expected: 'a node-cron expression with 5 or 6 fields' };
    }
    return { rule: { kind: 'cron', expression, source } };
  }
  if (head === 'at') {
    if (words.length < 2) return { problem: '"at" needs at least one time', expected: `at ${WEEK_TIME_SYNTAX} …` };
    const parsed = parseWeekTimes(words.slice(1).flatMap((w) => w.split(',')).filter((w) => w !== ''));
    if ('problem' in parsed) return { problem: parsed.problem, expected: `at ${WEEK_TIME_SYNTAX} …` };
    return { rule: { kind: 'at', times: parsed.times, source } };
  }
  let rest = words;
  let window: TimeWindow | undefined;
  if (head === 'from') {
    const untilAt = words.findIndex((w) => w.toLowerCase() === 'until');
    if (untilAt < 0) return { problem: '"from" without "until"', expected: RULE_SYNTAX };
    const actionAt = words.findIndex((w, i) => i > untilAt && ['every', 'never'].includes(w.toLowerCase()));
    if (actionAt < 0) return { problem: 'a time window must be followed by "every <interval>" or "never"', expected: RULE_SYNTAX };
    const from = parseWeekTimes(words.slice(1, untilAt));
    const until = parseWeekTimes(words.slice(untilAt + 1, actionAt));
    if ('problem' in from) return { problem: `from: ${from.problem}`, expected: WEEK_TIME_SYNTAX };
    if ('problem' in until) return { problem: `until: ${until.problem}`, expected: WEEK_TIME_SYNTAX };
    const [start] = from.times;
    const [end] = until.times;
    if (start === undefined || end === undefined || from.times.length > 1 || until.times.length > 1) {
      return { problem: '"from" and "until" each take exactly one time', expected: WEEK_TIME_SYNTAX };
    }
    if ((start.day === undefined) !== (end.day === undefined)) {
      return { problem: 'give a day on both "from" and "until", or on neither', expected: 'from monday 08:00 until friday 17:59, or from 08:00 until 17:59' };
    }
    window = { from: start, until: end };
    rest = words.slice(actionAt);
  }
  const action = rest[0]?.toLowerCase();
  if (action === 'never') {
    if (rest.length > 1) return { problem: `unexpected text after "never": "${rest.slice(1).join(' ')}"`, expected: RULE_SYNTAX };
    return { rule: { kind: 'never', ...(window ? { window } : {}), source } };
  }
  if (action === 'every') {
    const parsed = parseInterval(rest.slice(1).join(' '));
    if ('problem' in parsed) return { problem: `every: ${parsed.problem}`, expected: `every ${INTERVAL_SYNTAX}` };
    if (parsed.ms === 0) return { problem: '"every 0" is never due; write "never"', expected: `every ${INTERVAL_SYNTAX} above 0` };
    return { rule: { kind: 'every', intervalMs: parsed.ms, ...(window ? { window } : {}), source } };
  }
  return { problem: `unknown rule "${words[0] ?? ''}"`, expected: RULE_SYNTAX };
}

/** node-cron's own verdict, so the daemon never meets an expression node-cron refuses. */
function validCron(expression: string): boolean {
  try {
    return cron.validate(expression);
  } catch {
    return false;
  }
}

function cronComplaint(expression: string): string {
  try {
    const why = cron.validateDetailed(expression).errors.map((e) => e.message).join('; ');
    return why !== '' ? `: ${why}` : '';
  } catch {
    return '';
  }
}
