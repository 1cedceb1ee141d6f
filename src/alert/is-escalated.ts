/**
 * The "escalated" flag shown by `sc status -o match=escalated` and the web
 * monitor (reference 5.8 Escalated flag, 1.0's AlertState::escalated).
 */
import type { AlertPlan } from '../config/alert-model.js';
import { NOT_YET } from '../state/check-status.js';
import type { PlanContext } from './find-plan-stanza.js';
import { findPlanStanza } from './find-plan-stanza.js';
import type { PairAlertState } from './pair-alert-state.js';
import { quietReason, triesUsed } from './pair-alert-state.js';
import { isEscalatedTry, tryForAttempt } from './try-for-attempt.js';

/**
 * True when the pair has been checked (checkstatus time > 0), fails, is not
 * quiet, has used at least one try (an alert or fix went out, or it was
 * escalated by hand), and the try for the level reached lies at or after the
 * `flag escalated` try of the schedule stanza in effect (default: the second
 * try). Purely informative: it does not change what is sent. Never throws.
 */
export function isEscalated(plan: AlertPlan, state: PairAlertState, context: PlanContext): boolean {
  const status = state.checkstatus ?? NOT_YET;
  if (status.time <= 0 || status.rc <= 0) return false;
  const used = triesUsed(state);
  if (used <= 0 || quietReason(state, context.now) !== undefined) return false;
  const found = findPlanStanza(plan, status.rc, status.instances, context.returnGroups, context.schedules, context.now - context.shiftMs);
  if (found === undefined) return false;
  const tries = found.scheduleStanza.tries;
  return isEscalatedTry(tries, tryForAttempt(tries, used, context.hasFix));
}
