/**
 * The outcome of one check of one service@host pair, whatever happened to the
 * module: a misbehaving module is a result (MISCONFIG / TIMEDOUT), never an exception.
 */
export interface CheckResult {
  readonly host: string;
  /** Return code (see return-code.ts). */
  readonly rc: number;
  /** Integer for trending (load, percent full, 0/1 up). */
  readonly scalar: number;
  /** One line of human text; may be empty. */
  readonly comment: string;
  /** Execution time in milliseconds, -1 when unknown. */
  readonly duration: number;
}
