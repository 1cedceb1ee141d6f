/**
 * History record formats: one JSON object per line (docs/state.md). Parsers
 * are pure and return undefined for anything that is not a valid record, so
 * readers can skip damaged lines instead of failing.
 */

/** One line of checkhistory. */
export interface CheckHistoryRecord {
  /** Epoch ms when the check started. */
  readonly time: number;
  readonly rc: number;
  readonly scalar: number;
  /** One line of text. */
  readonly comment: string;
  /** Execution time in ms, -1 when unknown. */
  readonly duration: number;
  /** Epoch ms of the scheduled slot; absent for manual runs and trips. */
  readonly due?: number;
}

/** One line of commandhistory: an operator action on the pair. */
export interface CommandHistoryRecord {
  /** Epoch ms of the action. */
  readonly time: number;
  /** reschedule, trip, acknowledge, unacknowledge, inhibit, uninhibit, escalate, fix, … */
  readonly command: string;
  /** Login name (sc) or web user who acted. */
  readonly who: string;
  readonly comment: string;
}

/** The line to append for a record: compact JSON plus "\n" (JSON never contains a raw newline). */
export function historyLine(record: object): string {
  return JSON.stringify(record) + '\n';
}

export function parseCheckHistoryRecord(value: unknown): CheckHistoryRecord | undefined {
  if (!isObject(value)) return undefined;
  const { time, rc, scalar, comment, duration, due } = value;
  if (!isEpoch(time) || !Number.isInteger(rc) || !isFiniteNumber(scalar) || typeof comment !== 'string') return undefined;
  if (!isFiniteNumber(duration) || (due !== undefined && !isEpoch(due))) return undefined;
  return { time, rc: rc as number, scalar, comment, duration, ...(due === undefined ? {} : { due }) };
}

export function parseCommandHistoryRecord(value: unknown): CommandHistoryRecord | undefined {
  if (!isObject(value)) return undefined;
  const { time, command, who, comment } = value;
  if (!isEpoch(time) || typeof command !== 'string' || typeof who !== 'string' || typeof comment !== 'string') return undefined;
  return { time, command, who, comment };
}

/** Shared by the record parsers of src/history. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Shared by the record parsers of src/history. */
export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
/** Shared by the record parsers of src/history. */
export function isEpoch(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
