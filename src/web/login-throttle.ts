/**
 * Slows down password guessing: after `maxFailures` failed logins for a user
 * name, or from an address, within the window, further attempts for it are
 * refused (429) until the backoff has passed; a success clears the user's
 * count. In memory: a restart forgets, which costs a guesser a restart of
 * the daemon, not the operators anything.
 */
export interface ThrottleOptions {
  readonly maxFailures?: number;
  /** Failures older than this are forgotten (ms). Default 15 minutes. */
  readonly windowMs?: number;
  /** How long a throttled key is refused (ms). Default 1 minute. */
  readonly backoffMs?: number;
  readonly clock?: () => number;
}

interface Entry {
  failures: number[];
  blockedUntil: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly max: number;
  private readonly windowMs: number;
  private readonly backoffMs: number;
  private readonly clock: () => number;

  constructor(opts: ThrottleOptions = {}) {
    this.max = opts.maxFailures ?? 5;
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.backoffMs = opts.backoffMs ?? 60_000;
    this.clock = opts.clock ?? Date.now;
  }

  /** Milliseconds until `user` from `address` may try again; 0 = now. */
  retryAfter(user: string, address: string): number {
    const now = this.clock();
    return Math.max(0, ...this.keys(user, address).map((k) => (this.entries.get(k)?.blockedUntil ?? 0) - now));
  }

  failed(user: string, address: string): void {
    const now = this.clock();
    for (const key of this.keys(user, address)) {
      const e = this.entries.get(key) ?? { failures: [], blockedUntil: 0 };
      e.failures = [...e.failures.filter((t) => t > now - this.windowMs), now];
      if (e.failures.length >= this.max) {
        e.blockedUntil = now + this.backoffMs;
        e.failures = [];
      }
      this.entries.set(key, e);
    }
    if (this.entries.size > 10_000) this.forgetOld(now);
  }

  succeeded(user: string): void {
    this.entries.delete(`user:${user}`);
  }

  private keys(user: string, address: string): string[] {
    return [`user:${user}`, `addr:${address}`];
  }

  private forgetOld(now: number): void {
    for (const [k, e] of this.entries) if (e.blockedUntil < now && e.failures.every((t) => t <= now - this.windowMs)) this.entries.delete(k);
  }
}
