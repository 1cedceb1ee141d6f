/**
 * Whether a change of check status starts a new problem (reference 2.4.2
 * clear-state control, 5.7 clearStateOn): normally any rc change clears the
 * alert and fix state, so escalation starts over; a plan may keep it.
 */
import type { AlertPlan, ReturnGroup } from '../config/alert-model.js';
import { RC } from '../domain/return-code.js';

/**
 * True when a change from `fromRc` (the rc alerted on) to `toRc` (the current
 * check rc) clears the pair's alert state:
 *  - a change to OK always clears;
 *  - `do not clear state on return values …` keeps state when either rc is listed;
 *  - `clear state honors returngroups …` keeps state when both rcs are in one
 *    of the named groups (an unknown group name keeps nothing).
 * Meant for fromRc ≠ toRc (the caller only asks on a change). Never throws.
 */
export function clearsState(
  plan: AlertPlan,
  fromRc: number,
  toRc: number,
  returnGroups: ReadonlyMap<string, ReturnGroup>,
): boolean {
  if (toRc === RC.OK) return true;
  if (plan.keepStateOn.includes(fromRc) || plan.keepStateOn.includes(toRc)) return false;
  for (const name of plan.clearHonorsGroups) {
    const codes = returnGroups.get(name)?.codes;
    if (codes !== undefined && codes.includes(fromRc) && codes.includes(toRc)) return false;
  }
  return true;
}
