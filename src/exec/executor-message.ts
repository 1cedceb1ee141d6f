import type { ProcessOutcome, ProcessRequest } from './process-run.js';

/**
 * Messages on the IPC channel between the daemon's ExecutorPool and an
 * executor process (executor-main.ts). JSON-serialised by Node; `id` is
 * chosen by the pool and unique per executor.
 */

/** Pool → executor: start this process. */
export interface RunMessage {
  readonly type: 'run';
  readonly id: number;
  readonly request: ProcessRequest;
}

/** Executor → pool: the process runs with this pid (= its process group id). */
export interface StartedMessage {
  readonly type: 'started';
  readonly id: number;
  readonly pid: number;
}

/** Executor → pool: the run is over. */
export interface DoneMessage {
  readonly type: 'done';
  readonly id: number;
  readonly outcome: ProcessOutcome;
}

export type ExecutorReply = StartedMessage | DoneMessage;
