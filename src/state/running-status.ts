/**
 * Figures of the last scheduler pass, as the daemon reports them: any JSON-able
 * fields. By convention (docs/state.md): pass {start, duration, planned,
 * dispatched}, queued, running, counters {…}.
 */
export type RunningStats = Readonly<Record<string, unknown>>;

/** The file <statedir>/running/{check,alert}: the heartbeat of a scheduler loop. */
export interface RunningStatus {
  readonly version: 1;
  /** Process id of the writer. */
  readonly pid: number;
  /** Epoch ms when the heartbeat was written. */
  readonly time: number;
  readonly [key: string]: unknown;
}

/** The heartbeat record for `stats`, written by `pid` at `time` (epoch ms); the header fields win over stats. Pure. */
export function runningStatus(stats: RunningStats, pid: number, time: number): RunningStatus {
  return { ...stats, version: 1, pid, time };
}

/** Parses a heartbeat file; undefined when it is not one. Pure. */
export function parseRunningStatus(text: string): RunningStatus | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const r = v as Record<string, unknown>;
    if (r.version !== 1 || typeof r.pid !== 'number' || typeof r.time !== 'number') return undefined;
    return r as RunningStatus;
  } catch {
    return undefined;
  }
}
