import type { CheckResult } from '../domain/check-result.js';
import { RC } from '../domain/return-code.js';
import { commentText } from './comment-text.js';

/** One component's result for a host, as part of a composite check. */
export interface ComponentResult {
  readonly required: boolean;
  readonly result: CheckResult;
}

/**
 * The result of a composite check for one host from its components' results,
 * given in the order they arrived (reference 2.3.2):
 *
 * 1. a component timed out → TIMEDOUT;
 * 2. required components exist and some failed (rc ≠ OK) → the worst of
 *    the failed required ones: MISCONFIG, else PROBLEM, else WARNING, else
 *    the largest code;
 * 3. required components exist and none failed → OK (optionals ignored);
 * 4. only optional components, one of them OK → OK;
 * 5. only optional components, none OK → the best: WARNING, else PROBLEM,
 *    else MISCONFIG, else the smallest code.
 *
 * Comment: the non-empty component comments joined with ";" in arrival
 * order. Scalar: how many components completed (did not time out).
 * Duration: the sum of the known component durations (ms), -1 if none is
 * known. No components at all (the config loader forbids it) → MISCONFIG. Pure.
 */
export function composeStatus(host: string, components: readonly ComponentResult[]): CheckResult {
  const completed = components.filter((c) => c.result.rc !== RC.TIMEDOUT);
  const durations = components.map((c) => c.result.duration).filter((d) => d >= 0);
  const comment = commentText(components.map((c) => c.result.comment).filter((text) => text !== '').join(';'));
  return {
    host,
    rc: composedRc(components),
    scalar: completed.length,
    comment: components.length === 0 ? 'Composite check has no components' : comment,
    duration: durations.length === 0 ? -1 : durations.reduce((sum, d) => sum + d, 0),
  };
}

function composedRc(components: readonly ComponentResult[]): number {
  if (components.length === 0) return RC.MISCONFIG;
  const rcs = components.map((c) => c.result.rc);
  if (rcs.includes(RC.TIMEDOUT)) return RC.TIMEDOUT;
  const required = components.filter((c) => c.required).map((c) => c.result.rc);
  if (required.length > 0) {
    const failed = required.filter((rc) => rc !== RC.OK);
    return failed.length === 0 ? RC.OK : ranked(failed, [RC.MISCONFIG, RC.PROBLEM, RC.WARNING], Math.max);
  }
  return ranked(rcs, [RC.OK, RC.WARNING, RC.PROBLEM, RC.MISCONFIG], Math.min);
}

/** The first code of `order` present in `rcs`, else `fallback` over all of them. */
function ranked(rcs: readonly number[], order: readonly number[], fallback: (...values: number[]) => number): number {
  return order.find((rc) => rcs.includes(rc)) ?? fallback(...rcs);
}
