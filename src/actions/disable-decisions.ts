/**
 * Disable, pause and enable (SPEC §7, the seeds' Disabled / Pause states):
 * what each makes of a pair's `disabled` record, for `sc` and `sw` alike.
 * The decisions are pure; applyDisableDecision writes one under the pair lock.
 */
import type { PairConfig } from '../config/config-model.js';
import type { DisablePatch, DisableStore, PairDisable } from '../state/disable-store.js';
import type { Actor } from './operator-decisions.js';

export type DisableOutcome = { readonly patch: DisablePatch; readonly said: string } | { readonly refused: string };

/** Decides from the record in force (absent, or a pause that has ended, is undefined) at `now` (epoch ms). */
export type DisableDecide = (current: PairDisable | undefined, pair: PairConfig, now: number) => DisableOutcome;

function when(ms: number): string {
  return new Date(ms).toString();
}

/** Disable: out of monitoring until enabled; a paused pair becomes disabled; an already disabled one is refused. */
export function disableDecision(actor: Actor, format: (ms: number) => string = when): DisableDecide {
  return (current, _pair, now) => {
    if (current?.mode === 'disabled') return { refused: `already disabled by ${current.who} at ${format(current.time)}` };
    return { patch: { disabled: { version: 1, mode: 'disabled', who: actor.who, comment: actor.comment, time: now } }, said: 'disabled' };
  };
}

/** Pause until `until` (epoch ms; undefined = until enabled); replaces a pause; a disabled pair is refused. */
export function pauseDecision(actor: Actor, until: number | undefined, format: (ms: number) => string = when): DisableDecide {
  return (current, _pair, now) => {
    if (current?.mode === 'disabled') return { refused: `disabled by ${current.who} at ${format(current.time)}; enable it before pausing` };
    const record = { version: 1, mode: 'paused', who: actor.who, comment: actor.comment, time: now, ...(until !== undefined ? { until } : {}) } as const;
    return { patch: { disabled: record }, said: until === undefined ? 'paused until enabled' : `paused until ${format(until)}` };
  };
}

/** Enable: ends a disable or a pause and reschedules the check, so a fresh result comes at once. */
export const enableDecision: DisableDecide = (current) => {
  if (current === undefined) return { refused: 'neither disabled nor paused' };
  return { patch: { disabled: null, reschedule: true }, said: `${current.mode === 'disabled' ? 'enabled' : 'resumed'}, check rescheduled` };
};

/** The record that is in force at `now`: a pause that has ended counts as none. Pure. */
export function recordInForce(stored: PairDisable | undefined, now: number): PairDisable | undefined {
  return stored !== undefined && (stored.mode === 'disabled' || stored.until === undefined || now < stored.until) ? stored : undefined;
}

/**
 * Applies one decision under the pair lock with a commandhistory record
 * (command, who, comment) and a notice for a running ss; refusals are data.
 * Failures: StateError from the store.
 */
export async function applyDisableDecision(disables: DisableStore, pair: PairConfig, command: string, actor: Actor, decide: DisableDecide, clock: () => number = Date.now): Promise<DisableOutcome> {
  let outcome: DisableOutcome = { refused: 'not decided' };
  await disables.update(pair.service, pair.host, (stored) => {
    const now = clock();
    outcome = decide(recordInForce(stored, now), pair, now);
    if ('refused' in outcome) return undefined;
    return { ...outcome.patch, command: { time: now, command, who: actor.who, comment: actor.comment } };
  });
  return outcome;
}
