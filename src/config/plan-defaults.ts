/**
 * The plan-wide settings of alert plans (notify on clear, clear state, clear
 * state honors returngroups) and schedule.cf's positional `[defaults]`, which
 * set them and `after` for the `[alertplan]` sections that follow, like 1.0's
 * `default …` statements (reference 2.4.2).
 */
import type { ReturnGroup } from './alert-model.js';
import { parseAfter, parseClearState, parseHonors, parseNotifyOnClear } from './alert-plan-phrase.js';
import type { SectionReader } from './section-reader.js';

export interface PlanSettings {
  readonly notifyOnClear: { readonly enabled: boolean; readonly schedule?: string };
  readonly keepStateOn: readonly number[];
  /** Resolved: `all` is every return group of schedule.cf. */
  readonly clearHonorsGroups: readonly string[];
}

export interface PlanDefaults extends PlanSettings {
  /** `after N check failures` of return stanzas that do not say. */
  readonly after: number;
}

/** 1.0's initial values: after 1 check failure, do not notify on clear, always clear state, ignore return groups. */
export const INITIAL_PLAN_DEFAULTS: PlanDefaults = { after: 1, notifyOnClear: { enabled: false }, keepStateOn: [], clearHonorsGroups: [] };

export const PLAN_SETTING_KEYS = ['notify on clear', 'clear state', 'clear state honors returngroups'] as const;
export const PLAN_DEFAULTS_KEYS = ['after', ...PLAN_SETTING_KEYS] as const;

export interface PlanSettingsContext {
  /** Schedules of schedule.cf. */
  readonly schedules: ReadonlySet<string>;
  /** Every return group of schedule.cf, in file order. */
  readonly returnGroups: ReadonlyMap<string, ReturnGroup>;
}

/** Reads the plan-wide keys of a section; each key not given keeps its value from `fallback`. */
export function readPlanSettings(r: SectionReader, fallback: PlanSettings, context: PlanSettingsContext): PlanSettings {
  const notify = r.parse('notify on clear', (e) => parseNotifyOnClear(e.value, e.bare), { bareAllowed: true });
  const notifySchedule = notify?.schedule;
  if (notifySchedule !== undefined && !context.schedules.has(notifySchedule)) {
    r.report(r.entry('notify on clear'), `schedule ${notifySchedule} is not defined in schedule.cf`, { found: notifySchedule });
  }
  const keep = r.parse('clear state', (e) => parseClearState(e.value));
  const honors = r.parse('clear state honors returngroups', (e) => parseHonors(e.value));
  let groups: readonly string[] | undefined;
  if (honors?.kind === 'none') groups = [];
  else if (honors?.kind === 'all') groups = [...context.returnGroups.keys()];
  else if (honors?.kind === 'groups') {
    for (const g of honors.groups) {
      if (!context.returnGroups.has(g)) r.report(r.entry('clear state honors returngroups'), `return group ${g} is not defined in schedule.cf`, { found: g });
    }
    groups = honors.groups;
  }
  return {
    notifyOnClear: notify ?? fallback.notifyOnClear,
    keepStateOn: keep ?? fallback.keepStateOn,
    clearHonorsGroups: groups ?? fallback.clearHonorsGroups,
  };
}

/** Reads a `[defaults]` section of schedule.cf into the defaults for the plans after it. */
export function readPlanDefaults(r: SectionReader, fallback: PlanDefaults, context: PlanSettingsContext): PlanDefaults {
  const after = r.parse('after', (e) => parseAfter(e.value));
  return { ...readPlanSettings(r, fallback, context), after: after ?? fallback.after };
}
