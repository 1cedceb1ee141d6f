import type { ProcessOutcome, ProcessRequest, ProcessRunner } from './process-run.js';
import { runProcess } from './run-process.js';

/**
 * Starts module processes straight from the current process. Right for `sc
 * check` and tests, which are small processes; the daemon uses ExecutorPool
 * because forking from a large heap is slow.
 */
export class InProcessRunner implements ProcessRunner {
  private readonly running = new Map<AbortController, Promise<ProcessOutcome>>();
  private closed = false;

  /** Resolves with the outcome (never rejects); after close() with a startError. */
  run(request: ProcessRequest): Promise<ProcessOutcome> {
    if (this.closed) {
      return Promise.resolve({
        exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false,
        startError: 'the process runner is closed', startedAt: Date.now(), durationMs: 0,
      });
    }
    const abort = new AbortController();
    const outcome = runProcess(request, { signal: abort.signal });
    this.running.set(abort, outcome);
    void outcome.then(() => this.running.delete(abort));
    return outcome;
  }

  /** SIGKILLs the group of every running process and waits until their runs have settled. */
  async close(): Promise<void> {
    this.closed = true;
    const outcomes = [...this.running.values()];
    for (const abort of this.running.keys()) abort.abort();
    await Promise.all(outcomes);
  }
}
