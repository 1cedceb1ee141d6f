/**
 * What the operator actions on a pair change (reference 5.12), decided under
 * the pair lock from the state read there. Shared by `sc` and `sw` so both
 * refuse and write the same things. Pure.
 */
import { ESCALATE_REFUSAL, escalateLevel } from '../alert/escalate-level.js';
import { isAcknowledged } from '../alert/pair-alert-state.js';
import type { Acknowledgement } from '../alert/pair-alert-state.js';
import { pairPlan } from '../config/pair-plan.js';
import type { Config, PairConfig } from '../config/config-model.js';
import { RC } from '../domain/return-code.js';
import { currentProblem, planContext } from '../cli/current-problem.js';
import { NOT_YET } from '../state/check-status.js';
import type { AlertPatch, StoredAlertState } from '../state/alert-store.js';

/** What an action makes of one pair: the change and what to tell the user, or why it is refused. */
export type ActionOutcome = { readonly patch: AlertPatch; readonly said: string } | { readonly refused: string };

/** Decides from the state read under the pair lock, at `now` (epoch ms). */
export type Decide = (state: StoredAlertState, pair: PairConfig, now: number) => ActionOutcome;

/** Who acts and why: recorded in the written marks. */
export interface Actor {
  readonly who: string;
  readonly comment: string;
}

/** Shown with the time of an earlier acknowledgement. */
function when(ms: number): string {
  return new Date(ms).toString();
}

/**
 * Acknowledge: refused when the pair is OK, not yet checked, already
 * acknowledged or inhibited (1.0). `expireMs` ends it after that long.
 */
export function acknowledgeDecision(config: Config, actor: Actor, expireMs?: number, format: (ms: number) => string = when): Decide {
  return (stored, pair, now) => {
    const { state, patch } = currentProblem(config, pair, stored);
    const status = state.checkstatus ?? NOT_YET;
    if (status.rc === RC.OK) return { refused: 'No outstanding error: the check is OK' };
    if (status.rc === RC.NOTYET) return { refused: 'No outstanding error: the check has not run yet' };
    if (isAcknowledged(state, now)) return { refused: `already acknowledged by ${state.acknowledge?.who ?? 'someone'} at ${format(state.acknowledge?.time ?? 0)}` };
    if (state.noalert !== undefined) return { refused: `alerts are inhibited (by ${state.noalert.who}); an acknowledgement would change nothing` };
    const expires = expireMs === undefined ? undefined : now + expireMs;
    const ack: Acknowledgement = { version: 1, who: actor.who, comment: actor.comment, time: now, ...(expires !== undefined ? { expires } : {}) };
    return { patch: { ...patch, acknowledge: ack }, said: expires === undefined ? 'acknowledged' : `acknowledged until ${format(expires)}` };
  };
}

/** Unacknowledge: removes the acknowledgement and reschedules the check (1.0). */
export const unacknowledgeDecision: Decide = (state) => {
  if (state.acknowledge === undefined) return { refused: 'not acknowledged' };
  return { patch: { acknowledge: null, checkReschedule: true }, said: 'acknowledgement removed, check rescheduled' };
};

/** Inhibit: no alerts (and no automatic fixes) until uninhibited. */
export function inhibitDecision(actor: Actor): Decide {
  return (state, _pair, now) => {
    if (state.noalert !== undefined) return { refused: `already inhibited by ${state.noalert.who}` };
    return { patch: { noalert: { version: 1, who: actor.who, comment: actor.comment, time: now } }, said: 'alerts inhibited' };
  };
}

/** Uninhibit: removes the inhibition and reschedules the check (1.0). */
export const uninhibitDecision: Decide = (state) => {
  if (state.noalert === undefined) return { refused: 'not inhibited' };
  return { patch: { noalert: null, checkReschedule: true }, said: 'inhibition removed, check rescheduled' };
};

/** Escalate: the next alert uses the following try of the pair's plan (arithmetic in escalateLevel). */
export function escalateDecision(config: Config, actor: Actor): Decide {
  return (stored, pair, now) => {
    const plan = pairPlan(config, pair);
    if (plan === undefined) return { refused: 'no alert plan applies to this pair (check.cf or host.cf "alert plan")' };
    if ((stored.checkstatus ?? NOT_YET).rc === RC.NOTYET) return { refused: 'No outstanding error: the check has not run yet' };
    const { state, patch } = currentProblem(config, pair, stored);
    const result = escalateLevel(plan, state, planContext(config, pair, now));
    if (result.kind !== 'escalated') return { refused: ESCALATE_REFUSAL[result.kind] };
    return {
      patch: { ...patch, escalate: { version: 1, level: result.level, who: actor.who, time: now } },
      said: `escalated: the next alert uses try ${result.tryIndex + 1} of plan ${plan.name} (level ${result.level})`,
    };
  };
}
