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

/** Per entry: recorded (with the time it took, ms), the pair lock was busy (record it the waiting way), or failed. */
export type WrittenOutcome =
  | { readonly status: CheckStatus; readonly ms: number }
  | { readonly busy: true }
  | { readonly error: { readonly code: StateErrorCode | 'SURVIVOR_STATE_IO'; readonly message: string; readonly path?: string } };

export interface WriterReply {
  readonly id: number;
  readonly outcomes: readonly WrittenOutcome[];
}

const WORKER = new URL('./record-writer-worker.js', import.meta.url);
/**
 * Threads: each result waits for two fsyncs (file and directory), ~1 ms of
 * wall time here; four threads keep ~4,000 results a second going on 2 cores.
 */
const DEFAULT_THREADS = 4;
/**
 * A thread holds one batch at a time (a few MB at most): a small young
 * generation keeps each isolate's footprint to a few MB instead of the 16 MB
 * semi-spaces V8 grows by default, which four threads would multiply.
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 };

interface Lane {
  worker: Worker | undefined;
  readonly pending: Map<number, { resolve: (o: readonly WrittenOutcome[]) => void; reject: (e: Error) => void }>;
}

/**
 * Threads that record check results for the daemon (record-sync.ts says
 * why). A host's results always go to the same thread, so they stay in
 * order. Threads start on first use and do not keep the process alive. If
 * one dies, its batches in flight reject (the caller records them the
 * asynchronous way) and the next batch starts a new thread.
 */
export class RecordWriter {
  private readonly lanes: Lane[];
  private nextId = 1;

  constructor(
    private readonly settings: WriterSettings,
    threads: number = DEFAULT_THREADS,
  ) {
    this.lanes = Array.from({ length: Math.max(1, threads) }, () => ({ worker: undefined, pending: new Map() }));
  }

  async record(service: string, entries: readonly ResultEntry[]): Promise<readonly WrittenOutcome[]> {
    const split = new Map<Lane, number[]>();
    entries.forEach((entry, i) => {
      const lane = this.lanes[hash(entry.result.host) % this.lanes.length] as Lane;
      const indexes = split.get(lane);
      if (indexes === undefined) split.set(lane, [i]);
      else indexes.push(i);
    });
    const outcomes = new Array<WrittenOutcome>(entries.length);
    await Promise.all(
      [...split].map(async ([lane, indexes]) => {
        const part = await this.send(lane, service, indexes.map((i) => entries[i] as ResultEntry));
        part.forEach((outcome, k) => (outcomes[indexes[k] as number] = outcome));
      }),
    );
    return outcomes;
  }

  /** Stops the threads; batches in flight reject. */
  async close(): Promise<void> {
    await Promise.all(
      this.lanes.map(async (lane) => {
        const worker = lane.worker;
        lane.worker = undefined;
        if (worker !== undefined) await worker.terminate();
      }),
    );
  }

  private send(lane: Lane, service: string, entries: readonly ResultEntry[]): Promise<readonly WrittenOutcome[]> {
    const worker = lane.worker ?? this.start(lane);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      lane.pending.set(id, { resolve, reject });
      worker.postMessage({ id, service, entries } satisfies WriterRequest);
    });
  }

  private start(lane: Lane): Worker {
    const worker = new Worker(WORKER, { workerData: this.settings, resourceLimits: THREAD_LIMITS });
    worker.unref();
    worker.on('message', ({ id, outcomes }: WriterReply) => {
      const waiter = lane.pending.get(id);
      lane.pending.delete(id);
      waiter?.resolve(outcomes);
    });
    const fail = (err: Error): void => {
      if (lane.worker === worker) lane.worker = undefined;
      for (const waiter of lane.pending.values()) waiter.reject(err);
      lane.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`record writer thread exited (${code})`)));
    lane.worker = worker;
    return worker;
  }
}

/** FNV-1a of a host name: a stable lane per host. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
