import { Worker } from 'node:worker_threads';
import type { CheckStatus } from './check-status.js';
import type { ResultEntry } from './next-check-status.js';
import type { StateErrorCode } from './state-error.js';

/** What the writer thread needs to know (structured-cloned into it). */
export interface WriterSettings {
  readonly stateDir: string;
  readonly historyDir: string;
  readonly lockDir?: string | undefined;
  readonly fsync: boolean;
  readonly staleMs: number;
}

export interface WriterRequest {
  readonly id: number;
  readonly service: string;
  readonly entries: readonly ResultEntry[];
}

/** Per entry: recorded (with the time it took, ms), not taken (pair lock busy, thread dead: record it the waiting way), or failed. */
export type WrittenOutcome =
  | { readonly status: CheckStatus; readonly ms: number }
  | { readonly busy: true }
  /** `errno`: the underlying fs failure's code (ENOSPC, …), rebuilt as the StateError's cause. */
  | { readonly error: { readonly code: StateErrorCode | 'SURVIVOR_STATE_IO'; readonly message: string; readonly path?: string; readonly errno?: string } };

export interface WriterReply {
  readonly id: number;
  readonly outcomes: readonly WrittenOutcome[];
}

const WORKER = new URL('./record-writer-worker.js', import.meta.url);
/**
 * Threads: each result waits for two fsyncs (file and directory), ~1 ms of
 * wall time here; ss uses one to three by instance size (writerThreadsFor):
 * more cost CPU in kernel contention. Four is the default for other owners.
 */
const DEFAULT_THREADS = 4;
/**
 * A thread holds one batch at a time and keeps nothing between batches (~5 MB
 * live): a low old-generation limit makes V8 collect it fully before its heap
 * swells (with 96 MB, the daemon's RSS crept ~10 % over 30 minutes). A batch
 * too big for it kills the thread; the batch is then recorded the waiting way.
 */
const OLD_GENERATION_MB = 24;
/**
 * A small young generation keeps each isolate's footprint to a few MB instead
 * of the 16 MB semi-spaces V8 grows by default, which each thread would multiply.
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: OLD_GENERATION_MB };

/** A thread that failed is restarted after 1 s, doubling per failure in a row up to a minute. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 60_000;

/** What the owner hears when a thread fails (to log it): the lane, failures in a row, and when it is retried. */
export interface ThreadFailure {
  readonly lane: number;
  readonly error: Error;
  readonly failuresInARow: number;
  readonly retryInMs: number;
}

export interface RecordWriterOptions {
  /** Threads (lanes); default 4. */
  readonly threads?: number;
  readonly onThreadFailure?: (failure: ThreadFailure) => void;
}

interface Lane {
  readonly index: number;
  worker: Worker | undefined;
  readonly pending: Map<number, { resolve: (o: readonly WrittenOutcome[]) => void; reject: (e: Error) => void }>;
  failuresInARow: number;
  /** No new thread before this time (epoch ms) after a failure: batches go the waiting way meanwhile. */
  retryAt: number;
}

/**
 * Threads that record check results for the daemon (record-sync.ts says
 * why). A host's results always go to the same thread, so they stay in
 * order. Threads start on first use and keep the process alive only while
 * they hold a batch. If one dies, its batches in flight reject (the caller
 * records them the asynchronous way), the owner is told, and a batch after
 * the back-off starts a new thread; before it, that lane's batches reject at
 * once.
 */
export class RecordWriter {
  private readonly lanes: Lane[];
  private nextId = 1;
  private closing = false;

  constructor(
    private readonly settings: WriterSettings,
    private readonly options: RecordWriterOptions = {},
  ) {
    const threads = Math.max(1, options.threads ?? DEFAULT_THREADS);
    this.lanes = Array.from({ length: threads }, (_, index) => ({ index, worker: undefined, pending: new Map(), failuresInARow: 0, retryAt: 0 }));
  }

  /**
   * Records `entries` on the threads, in messages of at most CHUNK entries
   * (a host's entries stay in one message, in order). Never rejects: the
   * entries of a message its thread could not take (dead, backing off) come
   * back `busy`, to be recorded the waiting way. (A thread that dies in the
   * middle of a message may have recorded some of it: those get a second
   * history line. Threads die of an oversized message, before writing.)
   */
  async record(service: string, entries: readonly ResultEntry[]): Promise<readonly WrittenOutcome[]> {
    const byLane = new Map<Lane, Map<string, number[]>>();
    entries.forEach((entry, i) => {
      const { host } = entry.result;
      const lane = this.lanes[hash(host) % this.lanes.length] as Lane;
      let hosts = byLane.get(lane);
      if (hosts === undefined) byLane.set(lane, (hosts = new Map<string, number[]>()));
      const indexes = hosts.get(host);
      if (indexes === undefined) hosts.set(host, [i]);
      else indexes.push(i);
    });
    const outcomes = new Array<WrittenOutcome>(entries.length);
    const sends: Promise<void>[] = [];
    for (const [lane, hosts] of byLane) {
      for (const indexes of chunks(hosts.values())) {
        sends.push(
          this.send(lane, service, indexes.map((i) => entries[i] as ResultEntry)).then(
            (part) => part.forEach((outcome, k) => (outcomes[indexes[k] as number] = outcome)),
            () => indexes.forEach((i) => (outcomes[i] = NOT_TAKEN)),
          ),
        );
      }
    }
    await Promise.all(sends);
    return outcomes;
  }

  /** Stops the threads; batches in flight reject. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.lanes.map(async (lane) => {
        const worker = lane.worker;
        lane.worker = undefined;
        if (worker !== undefined) await worker.terminate();
      }),
    );
  }

  private send(lane: Lane, service: string, entries: readonly ResultEntry[]): Promise<readonly WrittenOutcome[]> {
    if (lane.worker === undefined && Date.now() < lane.retryAt) {
      return Promise.reject(new Error(`record writer thread ${lane.index} is restarted after its back-off`));
    }
    const worker = lane.worker ?? this.start(lane);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (lane.pending.size === 0) worker.ref(); // a batch in flight keeps the process alive, an idle thread does not
      lane.pending.set(id, { resolve, reject });
      worker.postMessage({ id, service, entries } satisfies WriterRequest);
    });
  }

  private start(lane: Lane): Worker {
    const worker = new Worker(WORKER, { workerData: this.settings, resourceLimits: THREAD_LIMITS });
    worker.unref();
    worker.on('message', ({ id, outcomes }: WriterReply) => {
      lane.failuresInARow = 0;
      const waiter = lane.pending.get(id);
      lane.pending.delete(id);
      if (lane.pending.size === 0) worker.unref();
      waiter?.resolve(outcomes);
    });
    let failed = false;
    const fail = (err: Error): void => {
      if (lane.worker === worker) lane.worker = undefined;
      for (const waiter of lane.pending.values()) waiter.reject(err);
      lane.pending.clear();
      if (failed || this.closing) return; // 'exit' follows 'error': one failure
      failed = true;
      lane.failuresInARow++;
      const retryInMs = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (lane.failuresInARow - 1));
      lane.retryAt = Date.now() + retryInMs;
      this.options.onThreadFailure?.({ lane: lane.index, error: err, failuresInARow: lane.failuresInARow, retryInMs });
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`record writer thread exited (${code})`)));
    lane.worker = worker;
    return worker;
  }
}

/** Entries per message to a thread: bounds the thread's heap whatever the batch size. */
const CHUNK = 1000;
const NOT_TAKEN: WrittenOutcome = { busy: true };

/** Groups of indexes packed into chunks of about CHUNK, a group never split. */
function* chunks(groups: Iterable<number[]>): Generator<number[]> {
  let chunk: number[] = [];
  for (const group of groups) {
    if (chunk.length > 0 && chunk.length + group.length > CHUNK) {
      yield chunk;
      chunk = [];
    }
    chunk.push(...group);
  }
  if (chunk.length > 0) yield chunk;
}

/** FNV-1a of a host name: a stable lane per host. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
