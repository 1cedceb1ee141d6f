/**
 * One line of alerthistory: one transmission (or final failure) of one alert
 * method for a pair (docs/state.md). Written by the delivery journal after
 * the transmitter answered, so every line is an outcome, never an intention.
 */
import { isEpoch, isObject } from './history-record.js';

export interface AlertHistoryRecord {
  /** Epoch ms when the transmission ended (sent, or given up on). */
  readonly time: number;
  /** Transmit result: 0 = sent; otherwise the module's or SMTP's failure code. */
  readonly rc: number;
  /** The check rc the notification was about (0 for a clear notice). */
  readonly checkRc: number;
  readonly addresses: readonly string[];
  /** Alert method name (calllist.cf `[alert NAME]`). */
  readonly alert: string;
  readonly callLists: readonly string[];
  /** A clear (recovery) notice rather than an alert. */
  readonly clear: boolean;
  /** The attempt number (alerts plus fix attempts) of the problem; absent for clear notices. */
  readonly try?: number;
  /** What the server or transmit module said (failures, or a queue id). */
  readonly reply?: string;
  /** Sent again after a crash during the first transmission: may have arrived twice. */
  readonly duplicate?: boolean;
}

/** Parses one alerthistory line's JSON value; undefined for anything that is not a valid record. Pure. */
export function parseAlertHistoryRecord(value: unknown): AlertHistoryRecord | undefined {
  if (!isObject(value)) return undefined;
  const { time, rc, checkRc, addresses, alert, callLists, clear } = value;
  if (!isEpoch(time) || !Number.isSafeInteger(rc) || !Number.isSafeInteger(checkRc)) return undefined;
  if (!isStringArray(addresses) || typeof alert !== 'string' || !isStringArray(callLists) || typeof clear !== 'boolean') return undefined;
  const attempt = value.try;
  const { reply, duplicate } = value;
  if (attempt !== undefined && !(Number.isSafeInteger(attempt) && (attempt as number) >= 0)) return undefined;
  if (reply !== undefined && typeof reply !== 'string') return undefined;
  if (duplicate !== undefined && typeof duplicate !== 'boolean') return undefined;
  return {
    time,
    rc: rc as number,
    checkRc: checkRc as number,
    addresses,
    alert,
    callLists,
    clear,
    ...(attempt !== undefined ? { try: attempt as number } : {}),
    ...(reply !== undefined ? { reply } : {}),
    ...(duplicate !== undefined ? { duplicate } : {}),
  };
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
