/**
 * The alerting half of schedule.cf (reference 2.4.2–2.4.6): `[returngroup]`,
 * `[alerting]` (throttle, alert shift), positional `[defaults]` for the plans
 * after them, `[alertplan]` and plan `[alias]` sections. The `[schedule]`
 * sections are schedule-file.ts's; that parser also vets the section types.
 */
import type { AlertPlan, ReturnGroup } from './alert-model.js';
import { type AlertPlanContext, ALERT_PLAN_KEYS, parseAlertPlanSection } from './alert-plan-section.js';
import type { ConfigProblem } from './config-error.js';
import type { IniDocument } from './ini-reader.js';
import { resolvePlanAliases } from './plan-alias.js';
import { INITIAL_PLAN_DEFAULTS, PLAN_DEFAULTS_KEYS, readPlanDefaults } from './plan-defaults.js';
import { DEFAULT_ALERT_SHIFT_MS, DEFAULT_THROTTLE } from './empty-alerting.js';
import { parseReturnGroups } from './return-groups.js';
import { SectionReader, sectionsOf } from './section-reader.js';

export const ALERTING_KEYS = ['throttle', 'alert shift'] as const;

const MAX_THROTTLE = 1_000_000;

export interface AlertPlanFile {
  readonly returnGroups: Map<string, ReturnGroup>;
  /** Plans in file order, then aliases in file order. */
  readonly alertPlans: Map<string, AlertPlan>;
  readonly throttle: number;
  readonly alertShiftMs: number;
}

export interface AlertPlanFileContext {
  /** Schedules of this schedule.cf. */
  readonly schedules: ReadonlySet<string>;
  /** Call lists and their aliases in calllist.cf; undefined when it could not be read (not checked then). */
  readonly callLists?: ReadonlySet<string>;
}

/** Parses the alerting sections of schedule.cf, reporting every problem; never throws. */
export function parseAlertPlanFile(doc: IniDocument, context: AlertPlanFileContext, problems: ConfigProblem[]): AlertPlanFile {
  const returnGroups = parseReturnGroups(doc, problems);
  const { throttle, alertShiftMs } = parseAlertingSection(doc, problems);
  const alertPlans = new Map<string, AlertPlan>();
  let defaults = INITIAL_PLAN_DEFAULTS;
  const base = { schedules: context.schedules, returnGroups, ...(context.callLists ? { callLists: context.callLists } : {}) };
  for (const section of doc.sections) {
    if (section.type === 'defaults' && section.name === undefined) {
      defaults = readPlanDefaults(new SectionReader(doc.file, section, { keys: PLAN_DEFAULTS_KEYS }, problems), defaults, base);
    } else if (section.type === 'alertplan' && section.name !== undefined) {
      const r = new SectionReader(doc.file, section, { keys: ALERT_PLAN_KEYS }, problems);
      const planContext: AlertPlanContext = { ...base, defaults };
      const plan = parseAlertPlanSection(r, section.name, planContext);
      if (!alertPlans.has(plan.name)) alertPlans.set(plan.name, plan);
    }
  }
  resolvePlanAliases(doc.file, sectionsOf(doc, 'alias', true), alertPlans, base, problems);
  return { returnGroups, alertPlans, throttle, alertShiftMs };
}

/** The `[alerting]` section (at most one): throttle and alert shift. */
function parseAlertingSection(doc: IniDocument, problems: ConfigProblem[]): { throttle: number; alertShiftMs: number } {
  const [first, ...extra] = sectionsOf(doc, 'alerting', false);
  for (const s of extra) {
    problems.push({ file: doc.file, line: s.line, section: s.title, message: `[alerting] is given more than once (first at line ${first?.line ?? 0})`, expected: 'one [alerting] section' });
  }
  if (first === undefined) return { throttle: DEFAULT_THROTTLE, alertShiftMs: DEFAULT_ALERT_SHIFT_MS };
  const r = new SectionReader(doc.file, first, { keys: ALERTING_KEYS }, problems);
  return { throttle: r.integer('throttle', 0, MAX_THROTTLE) ?? DEFAULT_THROTTLE, alertShiftMs: r.interval('alert shift', 0) ?? DEFAULT_ALERT_SHIFT_MS };
}
