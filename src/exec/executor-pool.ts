import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExecutorReply, RunMessage } from './executor-message.js';
import type { ProcessOutcome, ProcessRequest, ProcessRunner } from './process-run.js';

export interface ExecutorPoolOptions {
  /** Number of executor processes, >= 1. */
  readonly size: number;
  /** V8 old-space limit of each executor in MiB (default 128). */
  readonly heapMb?: number;
  /** Told about every executor that exits unexpectedly (for the daemon's log). */
  readonly onExecutorExit?: (event: ExecutorExit) => void;
}

export interface ExecutorExit {
  readonly pid: number | undefined;
  readonly code: number | null;
  readonly signal: string | null;
  /** Runs that were in flight and resolved with a startError. */
  readonly lostRuns: number;
}

interface Flight {
  readonly request: ProcessRequest;
  readonly resolve: (outcome: ProcessOutcome) => void;
  pid?: number;
}

interface Slot {
  child: ChildProcess | undefined;
  readonly flights: Map<number, Flight>;
  bornAt: number;
  restartTimer?: NodeJS.Timeout;
}

const EXECUTOR_MAIN = fileURLToPath(new URL('./executor-main.js', import.meta.url));
/** An executor that dies younger than this is restarted only after the same delay, so a broken one cannot fork-loop. */
const RESTART_BACKOFF_MS = 1000;
/** close(): how long executors get to exit after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 5000;

/**
 * A ProcessRunner that starts processes from a few small executor processes
 * (executor-main.ts) instead of the daemon itself, as Nagios 4 does with its
 * core workers. Each run goes to the executor with the fewest runs in flight.
 * An executor that dies is replaced; its in-flight runs resolve with a
 * startError saying so and their process groups are SIGKILLed. No run()
 * promise is ever lost or rejected.
 */
export class ExecutorPool implements ProcessRunner {
  private readonly slots: Slot[] = [];
  private readonly waiting: { id: number; flight: Flight }[] = [];
  private nextId = 1;
  private closing = false;
  private readonly heapMb: number;

  constructor(private readonly options: ExecutorPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new TypeError(`Expected \`size\` to be an integer >= 1, got \`${String(options.size)}\` (${typeof options.size})`);
    }
    this.heapMb = options.heapMb ?? 128;
    for (let i = 0; i < options.size; i++) {
      const slot: Slot = { child: undefined, flights: new Map(), bornAt: 0 };
      this.slots.push(slot);
      this.start(slot);
    }
  }

  /** Pids of the live executors (diagnostics and tests). */
  get pids(): number[] {
    return this.slots.flatMap((slot) => (slot.child?.pid === undefined ? [] : [slot.child.pid]));
  }

  /** Resolves with the outcome of the run; with a startError when the pool is closed or the executor died. */
  run(request: ProcessRequest): Promise<ProcessOutcome> {
    if (this.closing) return Promise.resolve(failed('the executor pool is closed'));
    return new Promise((resolve) => {
      this.dispatch(this.nextId++, { request, resolve });
    });
  }

  /** Stops every executor (they SIGKILL their running groups), waits for them to exit. */
  async close(): Promise<void> {
    this.closing = true;
    for (const { flight } of this.waiting.splice(0)) flight.resolve(failed('the executor pool is closed'));
    await Promise.all(this.slots.map((slot) => this.stop(slot)));
  }

  private dispatch(id: number, flight: Flight): void {
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.child !== undefined && (best === undefined || slot.flights.size < best.flights.size)) best = slot;
    }
    if (best?.child === undefined) {
      this.waiting.push({ id, flight }); // every executor is waiting for its restart
      return;
    }
    const child = best.child;
    best.flights.set(id, flight);
    const message: RunMessage = { type: 'run', id, request: flight.request };
    child.send(message, undefined, {}, (err) => {
      // Not delivered (the channel is closing): the executor never saw the run.
      if (err !== null && best.flights.delete(id)) flight.resolve(failed(`cannot reach the executor: ${err.message}`));
    });
  }

  private start(slot: Slot): void {
    slot.restartTimer = undefined;
    if (this.closing) return;
    let child: ChildProcess;
    try {
      child = fork(EXECUTOR_MAIN, [], {
        execArgv: [`--max-old-space-size=${this.heapMb}`],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        serialization: 'json',
      });
    } catch {
      // EAGAIN, ENOMEM, …: try again later; runs wait (or go to the other executors).
      slot.restartTimer = setTimeout(() => this.start(slot), RESTART_BACKOFF_MS);
      return;
    }
    slot.child = child;
    slot.bornAt = Date.now();
    child.on('error', () => {
      // A process that never started gets no 'close'; otherwise 'close' follows kill/send errors.
      if (child.pid === undefined) this.onExecutorClosed(slot, child, null, null);
    });
    child.on('message', (message: ExecutorReply) => {
      const flight = slot.flights.get(message.id);
      if (flight === undefined) return;
      if (message.type === 'started') {
        flight.pid = message.pid;
      } else {
        slot.flights.delete(message.id);
        flight.resolve(message.outcome);
      }
    });
    child.once('close', (code, signal) => this.onExecutorClosed(slot, child, code, signal));
    for (const { id, flight } of this.waiting.splice(0)) this.dispatch(id, flight);
  }

  private onExecutorClosed(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    slot.child = undefined;
    const lost = [...slot.flights.values()];
    slot.flights.clear();
    const why = this.closing ? 'the executor pool was closed' : `the executor died (${signal ?? (code === null ? 'did not start' : `exit status ${code}`)})`;
    for (const flight of lost) {
      // An executor killed outright cannot clean up after itself.
      if (flight.pid !== undefined) killGroup(flight.pid);
      flight.resolve(failed(why));
    }
    if (this.closing) return;
    this.options.onExecutorExit?.({ pid: child.pid, code, signal, lostRuns: lost.length });
    const young = Date.now() - slot.bornAt < RESTART_BACKOFF_MS;
    if (young) slot.restartTimer = setTimeout(() => this.start(slot), RESTART_BACKOFF_MS);
    else this.start(slot);
  }

  private async stop(slot: Slot): Promise<void> {
    clearTimeout(slot.restartTimer);
    const child = slot.child;
    if (child === undefined) return;
    const closed = new Promise<void>((done) => child.once('close', () => done()));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await closed;
    clearTimeout(force);
  }
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: already gone.
  }
}

function failed(startError: string): ProcessOutcome {
  return { exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false, startError, startedAt: Date.now(), durationMs: 0 };
}
