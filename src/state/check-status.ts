/**
 * The checkstatus record of one service@host pair: the file
 * <statedir>/host/<host>/<service>/checkstatus (documented in docs/state.md).
 */
export interface CheckStatus {
  readonly version: 1;
  readonly rc: number;
  /** Consecutive results with this rc (0 before the first check). */
  readonly instances: number;
  readonly comment: string;
  readonly scalar: number;
  /** Epoch ms when the last check started; 0 = never run or reschedule pending. */
  readonly time: number;
  /** Epoch ms when this rc first appeared (0 before the first check). */
  readonly since: number;
  /** Last execution time in ms, -1 when unknown. */
  readonly duration: number;
  /** Epoch ms of the scheduled due time the last check ran for (latency = time - due); absent for manual runs. */
  readonly due?: number;
}

/** The status a configured pair has before its first check. */
export const NOT_YET: CheckStatus = Object.freeze({
  version: 1,
  rc: 7,
  instances: 0,
  comment: '',
  scalar: 0,
  time: 0,
  since: 0,
  duration: -1,
});
