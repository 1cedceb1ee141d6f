/**
 * One request to start a module process, and its outcome. The outcome has the
 * same shape whether the process succeeded, failed, timed out, was killed or
 * could not start (execa's rule): callers turn it into check results.
 */
export interface ProcessRequest {
  /** Absolute path of the executable followed by its arguments. */
  readonly argv: readonly string[];
  /** Written to the process's stdin, which is then closed. */
  readonly stdin?: string;
  /** The complete environment (the runner adds nothing). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** After this many ms the process group gets SIGTERM. */
  readonly timeoutMs: number;
  /** After SIGTERM, this many ms before SIGKILL to the group. */
  readonly graceMs: number;
  /** stdout and stderr are each truncated to this many bytes (the rest is read and dropped). */
  readonly maxOutputBytes: number;
}

export interface ProcessOutcome {
  /** Exit code, or null when killed by a signal or never started. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** UTF-8 decoded (invalid bytes replaced), possibly truncated. */
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** True when stdout or stderr exceeded maxOutputBytes. */
  readonly truncated: boolean;
  /** Set when the process could not be started (ENOENT, EACCES, …): a short reason. */
  readonly startError?: string;
  /** Epoch ms when the process was started (or the attempt was made). */
  readonly startedAt: number;
  /** Wall time in ms from start to exit (or to giving up on it). */
  readonly durationMs: number;
  /** Process id (= process group id) of the started process; absent when it never started. */
  readonly pid?: number;
}

/** Starts processes: the executor pool in the daemon, the in-process runner in `sc` and tests. */
export interface ProcessRunner {
  run(request: ProcessRequest): Promise<ProcessOutcome>;
  /** Kills every process still running (group SIGKILL) and releases resources. */
  close(): Promise<void>;
}
