/**
 * One line of fixhistory: one fix attempt for a pair, by the alert scheduler
 * or `sc fix` (docs/state.md).
 */
import { isEpoch, isFiniteNumber, isObject } from './history-record.js';

export interface FixHistoryRecord {
  /** Epoch ms when the fix started. */
  readonly time: number;
  /** The fix module's return code. */
  readonly rc: number;
  /** One line of text. */
  readonly comment: string;
  /** Login name (`sc fix`, the web user) or the scheduler's user for automatic fixes. */
  readonly who: string;
  /** Execution time in ms, -1 when unknown. */
  readonly duration: number;
}

/** Parses one fixhistory line's JSON value; undefined for anything that is not a valid record. Pure. */
export function parseFixHistoryRecord(value: unknown): FixHistoryRecord | undefined {
  if (!isObject(value)) return undefined;
  const { time, rc, comment, who, duration } = value;
  if (!isEpoch(time) || !Number.isSafeInteger(rc) || typeof comment !== 'string' || typeof who !== 'string' || !isFiniteNumber(duration)) return undefined;
  return { time, rc: rc as number, comment, who, duration };
}
