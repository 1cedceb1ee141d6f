import type { PairTiming } from '../schedule/plan-checks.js';
import type { CheckStatus } from '../state/check-status.js';

export type { PairTiming };


/**
 * Timing derived from a checkstatus file: the slot it ran for (or its start time for
 * files written without one); time 0 after a first check means a reschedule is pending.
 */
export function timingFromStatus(status: CheckStatus | undefined): PairTiming | undefined {
  if (status === undefined) return undefined;
  const rescheduled = status.time === 0 && status.instances > 0;
  return { lastDue: rescheduled ? 0 : (status.due ?? status.time), rescheduled, rc: status.rc };
}
