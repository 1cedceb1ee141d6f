/**
 * Which part of an alert plan applies to a failing pair now (reference 2.4.2,
 * 5.8): the first return stanza whose values match the rc and whose
 * `after N check failures` is met, then the first of its schedule stanzas in
 * effect. That schedule stanza decides alone: if it is not due, nothing
 * happens (no fall-through to later stanzas; docs/alerting.md).
 */
import type { AlertPlan, ReturnGroup, ReturnMatch, ReturnStanza, ScheduleStanza } from '../config/alert-model.js';
import type { Schedule } from '../config/config-model.js';
import { inEffect } from '../schedule/alert-due.js';

/** True when `rc` is one of the stanza's values (`default` matches every rc; an unknown group matches none). */
export function rcMatches(match: ReturnMatch, rc: number, returnGroups: ReadonlyMap<string, ReturnGroup>): boolean {
  switch (match.kind) {
    case 'default':
      return true;
    case 'values':
      return match.codes.includes(rc);
    case 'group':
      return returnGroups.get(match.group)?.codes.includes(rc) ?? false;
  }
}

/**
 * Index of the first return stanza matching `rc` with `instances` (consecutive
 * results with this rc) ≥ its `after`, or -1. Stanzas without schedule stanzas
 * never match (1.0 skips them too).
 */
export function findReturnStanza(
  plan: AlertPlan,
  rc: number,
  instances: number,
  returnGroups: ReadonlyMap<string, ReturnGroup>,
): number {
  return plan.stanzas.findIndex(
    (s) => s.schedules.length > 0 && instances >= s.after && rcMatches(s.match, rc, returnGroups),
  );
}

/**
 * Index of the first schedule stanza whose schedule is in effect at `atMs`
 * (epoch ms, already shifted back by the alert shift), or -1. A stanza naming
 * an unknown schedule is never in effect.
 */
export function findScheduleStanza(stanza: ReturnStanza, schedules: ReadonlyMap<string, Schedule>, atMs: number): number {
  return stanza.schedules.findIndex((s) => {
    const schedule = schedules.get(s.schedule);
    return schedule !== undefined && inEffect(schedule, atMs);
  });
}

export interface PlanStanza {
  readonly returnIndex: number;
  readonly scheduleIndex: number;
  readonly returnStanza: ReturnStanza;
  readonly scheduleStanza: ScheduleStanza;
}

/**
 * The return and schedule stanza that apply to a pair with `rc` seen
 * `instances` times in a row, at `atMs` (epoch ms, shifted); undefined when no
 * return stanza matches yet or none of its schedule stanzas is in effect.
 */
export function findPlanStanza(
  plan: AlertPlan,
  rc: number,
  instances: number,
  returnGroups: ReadonlyMap<string, ReturnGroup>,
  schedules: ReadonlyMap<string, Schedule>,
  atMs: number,
): PlanStanza | undefined {
  const returnIndex = findReturnStanza(plan, rc, instances, returnGroups);
  const returnStanza = plan.stanzas[returnIndex];
  if (returnStanza === undefined) return undefined;
  const scheduleIndex = findScheduleStanza(returnStanza, schedules, atMs);
  const scheduleStanza = returnStanza.schedules[scheduleIndex];
  if (scheduleStanza === undefined) return undefined;
  return { returnIndex, scheduleIndex, returnStanza, scheduleStanza };
}

/** What plan evaluation needs besides the plan and the pair's state (`sc escalate`, status flags). */
export interface PlanContext {
  /** The check has a `fix` (decides whether `attempt fix if defined` tries exist). */
  readonly hasFix: boolean;
  readonly returnGroups: ReadonlyMap<string, ReturnGroup>;
  readonly schedules: ReadonlyMap<string, Schedule>;
  /** Epoch ms. */
  readonly now: number;
  /** `alert shift` in ms. */
  readonly shiftMs: number;
}
