/**
 * Selecting the `try` of a schedule stanza for an attempt number (reference
 * 2.4.2, 5.8): tries are consumed by notifications and fix attempts, in order;
 * `try N times` covers the next N attempts, a bare `try` every attempt from
 * there on. `attempt fix if defined` tries do not exist for a check without a
 * fix: they are skipped and cover no attempts.
 */
import type { TryStanza } from '../config/alert-model.js';

/** True when the try takes part in counting for a check with (or without) a fix. */
export function tryApplies(tryStanza: TryStanza, hasFix: boolean): boolean {
  return hasFix || !(tryStanza.attemptFix && tryStanza.fixIfDefined);
}

/**
 * Index of the try for attempt number `attempt` (1 = the first notification of
 * a problem), or -1 when the counted tries are used up and no bare try follows
 * (the plan says nothing more). Walks the applicable tries accumulating their
 * counts: the first whose cumulative count reaches `attempt`, or the first bare
 * try, wins.
 */
export function tryForAttempt(tries: readonly TryStanza[], attempt: number, hasFix: boolean): number {
  let covered = 0;
  for (const [index, t] of tries.entries()) {
    if (!tryApplies(t, hasFix)) continue;
    if (t.count === undefined) return index;
    covered += t.count;
    if (attempt <= covered) return index;
  }
  return -1;
}

/**
 * Index of the first try counted as escalated for the UI: the first with
 * `flag escalated`, else the second try (index 1). 1.0's code takes the last
 * flagged try; the manual says the flag marks the first escalated try, and with
 * "at or after" semantics only the first flag can matter.
 */
export function escalationStart(tries: readonly TryStanza[]): number {
  const flagged = tries.findIndex((t) => t.flagEscalated);
  return flagged >= 0 ? flagged : 1;
}

/** True when try `index` lies at or after the stanza's escalation start. */
export function isEscalatedTry(tries: readonly TryStanza[], index: number): boolean {
  return index >= 0 && index >= escalationStart(tries);
}
