/**
 * One `[alertplan NAME]` section. INI has no nesting, so 1.0's nested blocks
 * (reference 2.4.2) are rebuilt from the order of the lines: `on` opens a
 * return stanza, `using` a schedule stanza inside it, `try` a try inside that;
 * `after` belongs to the current return stanza and `alert`, `attempt fix`,
 * `tell`, `allow failed hosts`, `flag escalated` to the current try. The
 * plan-wide keys may stand anywhere.
 */
import type { AlertPlan, ReturnMatch, ReturnStanza, ScheduleStanza, TryStanza } from './alert-model.js';
import { parseAfter, parseAllowFailedHosts, parseAttemptFix, parseFlag, parseName, parseOn, parseTryCount } from './alert-plan-phrase.js';
import type { IniEntry } from './ini-reader.js';
import { PLAN_SETTING_KEYS, type PlanDefaults, type PlanSettingsContext, readPlanSettings } from './plan-defaults.js';
import type { SectionReader } from './section-reader.js';

const TRY_KEYS = ['alert', 'attempt fix', 'tell', 'allow failed hosts', 'flag escalated'] as const;
export const ALERT_PLAN_KEYS = ['on', 'after', 'using', 'try', ...TRY_KEYS, ...PLAN_SETTING_KEYS] as const;

export interface AlertPlanContext extends PlanSettingsContext {
  readonly defaults: PlanDefaults;
  /** Call lists and call-list aliases of calllist.cf; undefined when it could not be read (not checked then). */
  readonly callLists?: ReadonlySet<string>;
}

interface TryDraft {
  count?: number;
  alert: string[];
  tell: string[];
  attempt?: { attemptFix: boolean; ifDefined: boolean };
  allow?: { count: number; during?: string };
  flagEscalated?: boolean;
  /** First `tell` line. */
  tellEntry?: IniEntry;
  /** A line of this try could not be read (already reported): its content is not judged. */
  broken?: boolean;
  readonly entry: IniEntry;
}

interface ScheduleDraft {
  readonly schedule: string;
  readonly tries: TryDraft[];
  readonly entry: IniEntry;
}

interface ReturnDraft {
  readonly match: ReturnMatch;
  after?: { value: number; line: number };
  readonly schedules: ScheduleDraft[];
  readonly entry: IniEntry;
}

/** Parses an [alertplan] section; every problem is reported, the plan is returned anyway. */
export function parseAlertPlanSection(r: SectionReader, name: string, context: AlertPlanContext): AlertPlan {
  const stanzas: ReturnDraft[] = [];
  const openSchedule = (): ScheduleDraft | undefined => stanzas.at(-1)?.schedules.at(-1);
  const openTry = (): TryDraft | undefined => openSchedule()?.tries.at(-1);
  for (const e of r.ordered()) {
    if ((PLAN_SETTING_KEYS as readonly string[]).includes(e.key)) continue;
    if (e.key === 'on') {
      const match = r.parse(e, (x) => parseOn(x.value)) ?? { kind: 'default' };
      if (match.kind === 'group' && !context.returnGroups.has(match.group)) r.report(e, `return group ${match.group} is not defined in schedule.cf`, { found: match.group });
      stanzas.push({ match, schedules: [], entry: e });
    } else if (e.key === 'after') {
      const stanza = stanzas.at(-1);
      if (stanza === undefined) r.report(e, '"after" belongs to a return stanza: put it after an "on =" line', { expected: 'on = … before it' });
      else if (stanza.after !== undefined) r.report(e, `this return stanza already has "after" (line ${stanza.after.line})`);
      else {
        const value = r.parse(e, (x) => parseAfter(x.value));
        if (value !== undefined) stanza.after = { value, line: e.line };
      }
    } else if (e.key === 'using') {
      const schedule = r.parse(e, (x) => parseName(x.value, 'using = <schedule>'));
      const stanza = stanzas.at(-1);
      if (stanza === undefined) r.report(e, '"using" opens a schedule stanza inside a return stanza: put an "on =" line before it', { expected: 'on = … before it' });
      else {
        if (schedule !== undefined && !context.schedules.has(schedule)) r.report(e, `schedule ${schedule} is not defined in schedule.cf`, { found: schedule });
        // A bad name still opens the stanza, so the tries after it are not reported as homeless.
        stanza.schedules.push({ schedule: schedule ?? '', tries: [], entry: e });
      }
    } else if (e.key === 'try') {
      const schedule = openSchedule();
      const previous = openTry();
      // A bad count reads as one attempt: the line is reported, the tries after it are not.
      const count = r.parse(e, (x) => parseTryCount(x.value), { bareAllowed: true }) ?? 1;
      if (schedule === undefined) r.report(e, '"try" opens a try inside a schedule stanza: put a "using =" line before it', { expected: 'using = <schedule> before it' });
      else {
        if (previous !== undefined && previous.count === undefined) {
          r.report(e, `this try is never reached: the try at line ${previous.entry.line} takes every remaining attempt`, { expected: 'counted tries (try = N times) before the last one' });
        }
        schedule.tries.push({ ...(count !== 'remaining' ? { count } : {}), alert: [], tell: [], entry: e });
      }
    } else {
      const current = openTry();
      if (current === undefined) r.report(e, `"${e.key}" belongs to a try: put a "try =" line before it`, { expected: 'try = … before it' });
      else readTryKey(r, e, current, context);
    }
  }
  const settings = readPlanSettings(r, context.defaults, context);
  if (stanzas.length === 0) r.report(undefined, 'an alert plan needs at least one return stanza', { key: 'on', expected: 'on = return values … | returngroup … | default' });
  return {
    name,
    stanzas: stanzas.map((s) => finishStanza(r, s, context.defaults.after)),
    ...settings,
    source: { file: r.file, line: r.line },
  };
}

function readTryKey(r: SectionReader, e: IniEntry, t: TryDraft, context: AlertPlanContext): void {
  if (e.key === 'alert' || e.key === 'tell') {
    if (e.key === 'tell') t.tellEntry ??= e;
    const list = e.key === 'alert' ? t.alert : t.tell;
    const names = r.entryNames(e);
    // A bad name (reported) may have been the try's only list: do not also call the try empty.
    if (e.bare || names.length < e.value.split(/[\s,]+/).filter((w) => w !== '').length) t.broken = true;
    for (const { name } of names) {
      if (list.includes(name)) r.report(e, `call list ${name} is listed twice in this try`, { found: name });
      else {
        if (context.callLists !== undefined && !context.callLists.has(name)) r.report(e, `call list ${name} is not defined in calllist.cf`, { found: name });
        list.push(name);
      }
    }
    return;
  }
  const given = { 'attempt fix': t.attempt, 'allow failed hosts': t.allow, 'flag escalated': t.flagEscalated }[e.key];
  if (given !== undefined) {
    r.report(e, `this try already has "${e.key}"`);
    return;
  }
  if (e.key === 'attempt fix') {
    t.attempt = r.parse(e, (x) => parseAttemptFix(x.value, x.bare), { bareAllowed: true });
    if (t.attempt === undefined) t.broken = true;
  } else if (e.key === 'allow failed hosts') {
    t.allow = r.parse(e, (x) => parseAllowFailedHosts(x.value)) ?? { count: 0 };
    const during = t.allow.during;
    if (during !== undefined && !context.schedules.has(during)) r.report(e, `schedule ${during} is not defined in schedule.cf`, { found: during });
  } else {
    t.flagEscalated = r.parse(e, (x) => parseFlag(x.value, x.bare), { bareAllowed: true }) ?? false;
  }
}

function finishStanza(r: SectionReader, s: ReturnDraft, defaultAfter: number): ReturnStanza {
  if (s.schedules.length === 0) r.report(s.entry, 'a return stanza needs at least one schedule stanza', { expected: 'using = <schedule> after this line' });
  return { match: s.match, after: s.after?.value ?? defaultAfter, schedules: s.schedules.map((d) => finishSchedule(r, d)), source: { file: r.file, line: s.entry.line } };
}

function finishSchedule(r: SectionReader, s: ScheduleDraft): ScheduleStanza {
  if (s.tries.length === 0) r.report(s.entry, 'a schedule stanza needs at least one try', { expected: 'try = … after this line' });
  return { schedule: s.schedule, tries: s.tries.map((t) => finishTry(r, t)), source: { file: r.file, line: s.entry.line } };
}

function finishTry(r: SectionReader, t: TryDraft): TryStanza {
  const attemptFix = t.attempt?.attemptFix ?? false;
  if (t.broken === true) {
    // The bad line is reported; guessing what the try was meant to do would only add noise.
  } else if (t.tellEntry !== undefined && !attemptFix) {
    r.report(t.tellEntry, '"tell" is only for tries that attempt a fix', { expected: 'attempt fix = yes | if defined in the same try' });
  } else if (t.alert.length > 0 && attemptFix) {
    r.report(t.entry, 'a try either alerts or attempts a fix (tell = … says whom to tell about the fix), not both', { expected: 'alert = … or attempt fix = … with tell = …' });
  } else if (t.alert.length === 0 && !attemptFix) {
    r.report(t.entry, 'a try must alert or attempt a fix', { expected: 'alert = <call list> … or attempt fix = yes | if defined' });
  }
  return {
    ...(t.count !== undefined ? { count: t.count } : {}),
    alert: t.alert,
    attemptFix,
    fixIfDefined: attemptFix && (t.attempt?.ifDefined ?? false),
    tell: t.tell,
    allowFailedHosts: t.allow?.count ?? 0,
    ...(t.allow?.during !== undefined ? { allowDuring: t.allow.during } : {}),
    flagEscalated: t.flagEscalated ?? false,
    source: { file: r.file, line: t.entry.line },
  };
}
