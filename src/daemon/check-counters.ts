/** Cumulative counters and recent due-to-start latencies, published in running/check. */
export class CheckCounters {
  /** Pair checks started (a batch of n hosts counts n). */
  started = 0;
  completed = 0;
  /** Modules that produced nothing and were retried (smart scheduling). */
  retried = 0;
  readonly byRc = new Map<number, number>();
  private latencies: number[] = [];
  private maxLatency = 0;

  recordStart(latencyMs: number): void {
    this.started++;
    if (this.latencies.length < 200_000) this.latencies.push(latencyMs);
    if (latencyMs > this.maxLatency) this.maxLatency = latencyMs;
  }

  recordResult(rc: number): void {
    this.completed++;
    this.byRc.set(rc, (this.byRc.get(rc) ?? 0) + 1);
  }

  /** Latency figures (ms) since the previous call, which resets them. */
  takeLatency(): { count: number; p50: number; p99: number; max: number } {
    const sorted = this.latencies.sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    const out = { count: sorted.length, p50: at(0.5), p99: at(0.99), max: this.maxLatency };
    this.latencies = [];
    this.maxLatency = 0;
    return out;
  }

  toJSON(): Record<string, unknown> {
    return {
      started: this.started,
      completed: this.completed,
      retried: this.retried,
      byRc: Object.fromEntries(this.byRc),
    };
  }
}
