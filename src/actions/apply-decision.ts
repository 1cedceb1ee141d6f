import type { PairConfig } from '../config/config-model.js';
import type { AlertStore } from '../state/alert-store.js';
import type { ActionOutcome, Actor, Decide } from './operator-decisions.js';

/**
 * Applies one operator decision to one pair under its lock: the patch, plus a
 * commandhistory record (command, who, comment) when the action is not
 * refused, and a notice for a running ss. Resolves to the outcome (refusals
 * are data). Failures: StateError (SURVIVOR_STATE_LOCKED, _IO, …).
 */
export async function applyDecision(alerts: AlertStore, pair: PairConfig, command: string, actor: Actor, decide: Decide, clock: () => number = Date.now): Promise<ActionOutcome> {
  let outcome: ActionOutcome = { refused: 'not decided' };
  await alerts.update(pair.service, pair.host, (state) => {
    const now = clock();
    outcome = decide(state, pair, now);
    if ('refused' in outcome) return {};
    const history = outcome.patch.history;
    const record = { time: now, command, who: actor.who, comment: actor.comment };
    return { ...outcome.patch, history: { ...history, command: [...(history?.command ?? []), record] } };
  });
  return outcome;
}
