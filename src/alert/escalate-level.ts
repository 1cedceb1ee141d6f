/**
 * `sc escalate`: push a failing pair to the next try of its alert plan
 * (reference 5.12). The result is the level to store in the pair's `escalate`
 * file; the alert scheduler then takes attempt level + 1, which falls in the
 * following try. Expected refusals are results, not errors.
 */
import type { AlertPlan } from '../config/alert-model.js';
import { NOT_YET } from '../state/check-status.js';
import type { PlanContext } from './find-plan-stanza.js';
import { findPlanStanza } from './find-plan-stanza.js';
import type { PairAlertState } from './pair-alert-state.js';
import { triesUsed } from './pair-alert-state.js';
import { tryApplies, tryForAttempt } from './try-for-attempt.js';

export type EscalateResult =
  /** Store `level`; the next attempt uses try `tryIndex` of schedule stanza `scheduleIndex`. */
  | { readonly kind: 'escalated'; readonly level: number; readonly tryIndex: number; readonly returnIndex: number; readonly scheduleIndex: number }
  /** The pair is not failing (1.0: "No outstanding error"). */
  | { readonly kind: 'no-problem' }
  /** No return stanza matches yet, or none of its schedule stanzas is in effect (1.0 said "Already at maximum escalation level"). */
  | { readonly kind: 'no-stanza' }
  /** "Already at maximum escalation level": the current try is a bare try, or no try follows it. */
  | { readonly kind: 'at-maximum' };

/** 1.0's messages for the refusals, for `sc` to print. */
export const ESCALATE_REFUSAL: Readonly<Record<Exclude<EscalateResult['kind'], 'escalated'>, string>> = {
  'no-problem': 'No outstanding error',
  'no-stanza': 'Already at maximum escalation level',
  'at-maximum': 'Already at maximum escalation level',
};

/**
 * The next try boundary for the pair at `context.now`. From the level reached
 * (notifications and fix attempts, or a previous manual escalation if higher),
 * the try holding the next attempt is found in the schedule stanza in effect;
 * the new level is the cumulative count at its end, so the attempt after lands
 * in the following try. Unlike 1.0, escalation is refused (at-maximum) when it
 * would lead nowhere: from a bare try, or past the last counted try (where 1.0
 * would have silenced the pair); and `attempt fix if defined` tries of a check
 * without a fix are skipped, as in try selection. Never throws.
 */
export function escalateLevel(plan: AlertPlan, state: PairAlertState, context: PlanContext): EscalateResult {
  const status = state.checkstatus ?? NOT_YET;
  if (status.rc <= 0) return { kind: 'no-problem' };
  const found = findPlanStanza(plan, status.rc, status.instances, context.returnGroups, context.schedules, context.now - context.shiftMs);
  if (found === undefined) return { kind: 'no-stanza' };
  const tries = found.scheduleStanza.tries;
  const current = tryForAttempt(tries, triesUsed(state) + 1, context.hasFix);
  if (current < 0 || tries[current]?.count === undefined) return { kind: 'at-maximum' };
  let boundary = 0;
  for (const t of tries.slice(0, current + 1)) if (tryApplies(t, context.hasFix)) boundary += t.count ?? 0;
  const next = tryForAttempt(tries, boundary + 1, context.hasFix);
  if (next < 0) return { kind: 'at-maximum' };
  return { kind: 'escalated', level: boundary, tryIndex: next, returnIndex: found.returnIndex, scheduleIndex: found.scheduleIndex };
}
