import type { PlanContext } from '../alert/find-plan-stanza.js';
import { clearsState } from '../alert/clears-state.js';
import type { AlertStatus } from '../alert/pair-alert-state.js';
import { clearedAlertState } from '../alert/pair-alert-state.js';
import type { Config, PairConfig } from '../config/config-model.js';
import { NOT_YET } from '../state/check-status.js';
import type { AlertPatch, StoredAlertState } from '../state/alert-store.js';
import { pairPlan } from '../config/pair-plan.js';

/** The state an operator's mark (acknowledge, escalate) applies to, and the writes that make it stick. */
export interface CurrentProblem {
  readonly state: StoredAlertState;
  readonly patch: AlertPatch;
}

/**
 * Makes alertstatus describe the pair's current problem before an operator
 * marks it, so the next alert pass does not take the mark for a leftover of
 * an older problem and clear it (reference 4.1, docs/alerting.md):
 *  - no alertstatus yet (nobody alerted): a stub with the check's rc and
 *    comment, instances 0, time 0 (1.0's rule for acknowledge);
 *  - an alertstatus about an earlier problem that the alert pass has not
 *    cleared yet (the rc changed in a way the plan's clear-state rules clear
 *    on, or the text changed with `result text significant`): the stale alert
 *    state is cleared as the pass would (noalert kept) and a stub written;
 *  - otherwise nothing changes.
 * Pure.
 */
export function currentProblem(config: Config, pair: PairConfig, state: StoredAlertState): CurrentProblem {
  const status = state.checkstatus ?? NOT_YET;
  const stub: AlertStatus = { version: 1, rc: status.rc, comment: status.comment, instances: 0, time: 0, since: 0, recipients: [], stub: true };
  const alerted = state.alertstatus;
  if (alerted === undefined) return { state: { ...state, alertstatus: stub }, patch: { alertstatus: stub } };
  if (!isStale(config, pair, alerted, status.rc, status.comment)) return { state, patch: {} };
  return {
    state: { ...clearedAlertState(state), alertstatus: stub },
    patch: { alertstatus: stub, acknowledge: null, escalate: null, token: null, fixstatus: null },
  };
}

function isStale(config: Config, pair: PairConfig, alerted: AlertStatus, rc: number, comment: string): boolean {
  const plan = pairPlan(config, pair);
  if (alerted.rc !== rc) return plan === undefined || clearsState(plan, alerted.rc, rc, config.alerting.returnGroups);
  const check = config.checks.get(pair.service);
  return check?.kind === 'simple' && check.resultTextSignificant && alerted.comment !== comment;
}

/** What plan evaluation needs for the pair at `now` (sc escalate). */
export function planContext(config: Config, pair: PairConfig, now: number): PlanContext {
  return {
    hasFix: config.checks.get(pair.service)?.fix !== undefined,
    returnGroups: config.alerting.returnGroups,
    schedules: config.schedules,
    now,
    shiftMs: config.alerting.alertShiftMs,
  };
}
