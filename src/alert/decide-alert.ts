/**
 * The alert decision for one pair in one alert pass (reference 5.7 and 5.8 in
 * one pure function; binding choices in docs/alerting.md).
 *
 * Order of reasoning, as in 1.0's alert scheduler:
 *  1. DEPEND pairs are skipped entirely: only the root cause alerts.
 *  2. A recovery (rc OK after an alert) sends the clear notice if the plan
 *     wants one, then clears state; right after a fix it waits for the re-check.
 *  3. Otherwise a change of rc (unless the plan keeps state for it) or, with
 *     `result text significant`, of the comment starts a new problem: state is
 *     cleared first, acknowledgement included.
 *  4. A failing pair that is not quiet is paged when its plan says so now.
 */
import type { TryStanza } from '../config/alert-model.js';
import { RC, isValidRc } from '../domain/return-code.js';
import { isDueSince, isOpenAt } from '../schedule/alert-due.js';
import type { CheckStatus } from '../state/check-status.js';
import { NOT_YET } from '../state/check-status.js';
import type { AlertDecision, AlertInput, ClearReason, IdleReason, Notify } from './alert-decision.js';
import { clearsState } from './clears-state.js';
import { findReturnStanza, findScheduleStanza } from './find-plan-stanza.js';
import type { PairAlertState } from './pair-alert-state.js';
import { clearedAlertState, hasAlertState, hasExpiredAck, quietReason, triesUsed } from './pair-alert-state.js';
import { isEscalatedTry, tryForAttempt } from './try-for-attempt.js';

type Page = Omit<Notify, 'kind' | 'clearFirst' | 'clearReason' | 'removeExpiredAck'>;

/**
 * Decides what to do for one pair at `input.now`. Pure: reads only its input
 * (the `degraded` callback included) and never throws for any state a reader
 * can produce; a plan naming an unknown schedule treats it as never in effect.
 * Throws node-cron's Error only for a cron expression the loader would have
 * refused.
 */
export function decideAlert(input: AlertInput): AlertDecision {
  const { state, now } = input;
  const status = state.checkstatus ?? NOT_YET;
  const expiredAck = hasExpiredAck(state, now);
  if (status.rc === RC.DEPEND) return { kind: 'none', reason: 'depend', removeExpiredAck: expiredAck };

  const alerted = state.alertstatus;
  if (status.rc === RC.OK && alerted !== undefined && alerted.time > 0) return recovery(input, status, expiredAck);

  const alertedRc = alerted?.rc ?? RC.OK;
  const rcChanged = alertedRc !== status.rc;
  const keep = rcChanged && !clearsState(input.plan, alertedRc, status.rc, input.returnGroups);
  const textChanged = input.check.resultTextSignificant && alerted !== undefined && alerted.comment !== status.comment;
  let clearReason: ClearReason | undefined;
  if (!keep && rcChanged) clearReason = status.rc === RC.OK ? 'recovered' : 'status-changed';
  else if (!keep && textChanged) clearReason = 'result-text-changed';
  const clearFirst = clearReason !== undefined && hasAlertState(state);
  const working = clearFirst ? clearedAlertState(state) : state;
  const removeExpiredAck = expiredAck && !clearFirst;

  const inRange = input.rcInRange ?? isValidRc;
  let outcome: Page | IdleReason = 'ok';
  if (status.rc > RC.OK) outcome = inRange(status.rc) ? page(input, working, status) : 'rc-out-of-range';

  if (typeof outcome !== 'string') {
    return {
      kind: 'notify',
      clearFirst,
      ...(clearFirst && clearReason !== undefined ? { clearReason } : {}),
      ...outcome,
      removeExpiredAck,
    };
  }
  if (clearFirst && clearReason !== undefined) {
    return { kind: 'clear-state', reason: clearReason, detail: outcome, removeExpiredAck: false };
  }
  return { kind: 'none', reason: outcome, removeExpiredAck };
}

/** The pair is OK again after at least one alert: clear notice (maybe), then clear state. */
function recovery(input: AlertInput, status: CheckStatus, expiredAck: boolean): AlertDecision {
  const { state, plan } = input;
  // A fix that succeeded reschedules the check (time 0): the recovery is not verified yet.
  if (status.time === 0 && (state.fixstatus?.instances ?? 0) > 0) {
    return { kind: 'none', reason: 'awaiting-fix-verification', removeExpiredAck: expiredAck };
  }
  const recipients = state.alertstatus?.recipients ?? [];
  let detail: IdleReason | undefined = quietReason(state, input.now);
  if (detail === undefined && !plan.notifyOnClear.enabled) detail = 'notify-on-clear-off';
  if (detail === undefined && plan.notifyOnClear.schedule !== undefined) {
    const schedule = input.schedules.get(plan.notifyOnClear.schedule);
    if (schedule === undefined || !isOpenAt(schedule, input.now - input.shiftMs)) detail = 'clear-outside-schedule';
  }
  if (detail === undefined && recipients.length === 0) detail = 'no-last-recipients';
  if (detail === undefined) return { kind: 'notify-clear', recipients, removeExpiredAck: false };
  return { kind: 'clear-state', reason: 'recovered', detail, removeExpiredAck: false };
}

/** scheduleAlert for a failing pair: which try to act on now, or why not. */
function page(input: AlertInput, state: PairAlertState, status: CheckStatus): Page | IdleReason {
  const quiet = quietReason(state, input.now);
  if (quiet !== undefined) return quiet;
  const at = input.now - input.shiftMs;
  const returnStanza = findReturnStanza(input.plan, status.rc, status.instances, input.returnGroups);
  const stanza = input.plan.stanzas[returnStanza];
  if (stanza === undefined) return 'below-threshold';
  const scheduleStanza = findScheduleStanza(stanza, input.schedules, at);
  const using = stanza.schedules[scheduleStanza];
  const schedule = using === undefined ? undefined : input.schedules.get(using.schedule);
  if (using === undefined || schedule === undefined) return 'no-schedule-in-effect';

  const last = Math.max(state.alertstatus?.time ?? 0, state.fixstatus?.time ?? 0);
  if (!isDueSince(schedule, last, at)) return 'not-due';

  const attempt = triesUsed(state) + 1;
  const tryIndex = tryForAttempt(using.tries, attempt, input.check.hasFix);
  const chosen = using.tries[tryIndex];
  if (chosen === undefined) return 'tries-exhausted';
  if (isDegraded(input, chosen, stanza.after, at)) return 'degraded';

  const tellLists = chosen.attemptFix ? chosen.tell : [];
  if (chosen.alert.length === 0 && !chosen.attemptFix) return 'nothing-to-do';
  return {
    attempt,
    returnStanza,
    scheduleStanza,
    tryIndex,
    alertLists: chosen.alert,
    tellLists,
    attemptFix: chosen.attemptFix,
    fixMissing: chosen.attemptFix && !input.check.hasFix,
    escalated: isEscalatedTry(using.tries, tryIndex),
  };
}

/**
 * Degraded mode (reference 5.8, following 1.0's code): with `allow N failed
 * hosts`, act only when at least N OTHER redundant hosts fail too. With
 * `during S` it applies only while S is open (isOpenAt, at the shifted instant
 * like every plan schedule); an unknown S never is, so the pair alerts.
 */
function isDegraded(input: AlertInput, chosen: TryStanza, after: number, at: number): boolean {
  if (chosen.allowFailedHosts <= 0) return false;
  if (chosen.allowDuring !== undefined) {
    const window = input.schedules.get(chosen.allowDuring);
    if (window === undefined || !isOpenAt(window, at)) return false;
  }
  return input.degraded(chosen, after) < chosen.allowFailedHosts;
}

