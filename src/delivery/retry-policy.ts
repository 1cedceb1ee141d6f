/** How long delivery keeps trying after temporary failures. All values ms. */
export interface RetryPolicy {
  /** Wait after the first temporary failure; doubles after each further one. */
  readonly initialDelayMs: number;
  /** The doubling stops here. */
  readonly maxDelayMs: number;
  /** A temporary failure this long after the message was journaled is final. */
  readonly maxAgeMs: number;
}

/** 5 s doubling to 5 min, for at most a day. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { initialDelayMs: 5_000, maxDelayMs: 300_000, maxAgeMs: 86_400_000 };

/**
 * The wait (ms) before the next attempt after `failedAttempts` (≥ 1)
 * consecutive temporary failures: initialDelayMs · 2^(failedAttempts − 1),
 * at most maxDelayMs. Pure.
 */
export function retryDelay(failedAttempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const doublings = Math.min(Math.max(0, Math.trunc(failedAttempts) - 1), 52);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** doublings);
}
