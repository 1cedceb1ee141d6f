import type { PairConfig } from '../config/config-model.js';
import { pairKey } from '../domain/names.js';
import { RC } from '../domain/return-code.js';

/**
 * Which pairs an alert pass decides (reference 5.7). The first pass decides
 * every pair; later ones decide the pairs failing now (rc other than OK or
 * "not checked yet", or unknown to the check scheduler) and the watched ones:
 * those the previous pass decided while their state showed a failure, whose
 * recovery must be decided once to clear their alert state, and those it
 * left undecided.
 * An OK pair is decided once after it recovers, not at every pass: with
 * 100,000 pairs that would read 100,000 pairs' state every poll interval.
 */
export interface AlertWatchInput {
  readonly pairs: readonly PairConfig[];
  readonly firstPass: boolean;
  /** The check scheduler's latest rc of the pair, undefined when unknown. */
  readonly rcOf: (service: string, host: string) => number | undefined;
  /** Disabled or paused now: neither decided nor watched (its state waits until it is enabled again). */
  readonly disabled: (service: string, host: string) => boolean;
  /** The set nextWatch returned after the previous pass. */
  readonly watch: ReadonlySet<string>;
}

/** The pairs this pass decides, in configuration order. */
export function pairsToDecide(input: AlertWatchInput): PairConfig[] {
  const { rcOf, watch } = input;
  return input.pairs.filter((p) => {
    if (input.disabled(p.service, p.host)) return false;
    return input.firstPass || failing(rcOf(p.service, p.host)) || watch.has(pairKey(p.service, p.host));
  });
}

/** The keys of the pairs the next pass decides whatever their rc then (AlertPassResult.again). */
export function nextWatch(again: Iterable<PairConfig>): Set<string> {
  const watch = new Set<string>();
  for (const p of again) watch.add(pairKey(p.service, p.host));
  return watch;
}

/** Does this rc keep a pair under alert decisions? Unknown counts: it may hide a failure. */
export function failing(rc: number | undefined): boolean {
  return rc === undefined || (rc !== RC.OK && rc !== RC.NOTYET);
}
