import { fork, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeStartError } from './describe-start-error.js';
import type { ExecutorReply, RunMessage } from './executor-message.js';
import { encodeRequest, ReplyDecoder, type NativeReply } from './native-frames.js';
import { processRequestProblem } from './process-request-problem.js';
import type { ProcessOutcome, ProcessRequest, ProcessRunner } from './process-run.js';

/**
 * Which executor program starts the modules: `native` (the small C program
 * built from src/exec/native, dist/libexec/survivor-executor), `node`
 * (executor-main.ts), or `auto`: native when it was built, else node.
 */
export type ExecutorKind = 'auto' | 'native' | 'node';

export interface ExecutorPoolOptions {
  /** Number of executor processes, >= 1. */
  readonly size: number;
  /** V8 old-space limit of each executor in MiB (default 128). */
  readonly heapMb?: number;
  /** Default `auto`. */
  readonly kind?: ExecutorKind;
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
/** Built by `make build` next to the compiled sources: dist/libexec/survivor-executor. */
export const NATIVE_EXECUTOR = fileURLToPath(new URL('../../libexec/survivor-executor', import.meta.url));
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
  /** The executor program in use: `native` or `node`. */
  readonly kind: 'native' | 'node';

  constructor(private readonly options: ExecutorPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new TypeError(`Expected \`size\` to be an integer >= 1, got \`${String(options.size)}\` (${typeof options.size})`);
    }
    this.heapMb = options.heapMb ?? 128;
    this.kind = resolveKind(options.kind ?? 'auto');
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
    const problem = processRequestProblem(request);
    if (problem !== undefined) return Promise.resolve(failed(problem));
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
    // Not delivered (the channel is closing): the executor never saw the run.
    const undelivered = (err: Error | null | undefined): void => {
      if (err !== null && err !== undefined && best.flights.delete(id)) flight.resolve(failed(`cannot reach the executor: ${err.message}`));
    };
    if (this.kind === 'native') {
      child.stdin?.write(encodeRequest(id, flight.request), undelivered);
      return;
    }
    const message: RunMessage = { type: 'run', id, request: flight.request };
    child.send(message, undefined, {}, undelivered);
  }

  private onReply(slot: Slot, message: ExecutorReply): void {
    const flight = slot.flights.get(message.id);
    if (flight === undefined) return;
    if (message.type === 'started') {
      flight.pid = message.pid;
    } else {
      slot.flights.delete(message.id);
      flight.resolve(message.outcome);
    }
  }

  /** Native replies: a start failure is described from the file system here, as run-process.ts does in the Node executor. */
  private onNativeReply(slot: Slot, reply: NativeReply): void {
    if (reply.type !== 'failed') return this.onReply(slot, reply);
    const flight = slot.flights.get(reply.id);
    if (flight === undefined) return;
    slot.flights.delete(reply.id);
    const err = Object.assign(new Error(reply.error.message), reply.error.code === '' ? {} : { code: reply.error.code });
    const file = flight.request.argv[0] ?? '';
    void describeStartError(err, file, flight.request.cwd).then((startError) =>
      flight.resolve({ exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false, startError, startedAt: reply.startedAt, durationMs: reply.durationMs }),
    );
  }

  private spawnExecutor(): ChildProcess {
    if (this.kind === 'native') return spawn(NATIVE_EXECUTOR, [], { argv0: 'survivor-executor', stdio: ['pipe', 'pipe', 'inherit'] });
    return fork(EXECUTOR_MAIN, [], {
      execArgv: [`--max-old-space-size=${this.heapMb}`],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'json',
    });
  }

  private start(slot: Slot): void {
    slot.restartTimer = undefined;
    if (this.closing) return;
    let child: ChildProcess;
    try {
      child = this.spawnExecutor();
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
    if (this.kind === 'native') {
      const decoder = new ReplyDecoder();
      child.stdin?.on('error', () => undefined); // EPIPE when it died; 'close' handles that
      child.stdout?.on('data', (chunk: Buffer) => {
        let replies: NativeReply[];
        try {
          replies = decoder.push(chunk);
        } catch {
          child.kill('SIGKILL'); // garbled channel: replace the executor ('close' fails its runs)
          return;
        }
        for (const reply of replies) this.onNativeReply(slot, reply);
      });
    } else {
      child.on('message', (message: ExecutorReply) => this.onReply(slot, message));
    }
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

/** Throws when `native` is asked for but was not built. */
function resolveKind(kind: ExecutorKind): 'native' | 'node' {
  if (kind === 'node') return kind;
  try {
    accessSync(NATIVE_EXECUTOR, fsConstants.X_OK);
    return 'native';
  } catch {
    if (kind === 'native') throw new Error(`executor program = native, but ${NATIVE_EXECUTOR} is not built (make build needs a C compiler)`);
    return 'node'; // not built (no C compiler when `make build` ran)
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
