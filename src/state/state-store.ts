import { stat } from 'node:fs/promises';
import { HistoryStore } from '../history/history-store.js';
import { readTextIfExists, writeFileAtomically } from './atomic-file.js';
import type { CheckStatus } from './check-status.js';
import { NOT_YET } from './check-status.js';
import { mapConcurrent } from './map-concurrent.js';
import type { ResultEntry } from './next-check-status.js';
import { flattenComment, historyRecordOf, nextCheckStatus } from './next-check-status.js';
import type { Notice } from './notices.js';
import { postNotice, takeNotices } from './notices.js';
import { PairLock } from './pair-lock.js';
import { parseCheckStatus } from './parse-check-status.js';
import type { PairChange, ReconcileContext, ReconcileInput, ReconcileReport } from './reconcile-state.js';
import { reconcileChange, reconcileState } from './reconcile-state.js';
import type { RunningStats, RunningStatus } from './running-status.js';
import { parseRunningStatus, runningStatus } from './running-status.js';
import { ioError, STATE_ERROR_CODES, StateError } from './state-error.js';
import type { RunningKind } from './state-paths.js';
import { StatePaths } from './state-paths.js';
import type { StateStoreOptions } from './store-options.js';
import { RecordWriter } from './record-writer.js';

export type { StateStoreOptions } from './store-options.js';

export interface PairKey {
  readonly service: string;
  readonly host: string;
}

/** What became of one result of a batch: the new status, or the typed error (the rest of the batch goes on). */
export type RecordOutcome = { readonly host: string; readonly status: CheckStatus; readonly error?: undefined } | { readonly host: string; readonly status?: undefined; readonly error: StateError };

/** Told about each pair whose checkstatus could not be read (corrupt or I/O) by readAllCheckStatus. */
export type ReadFailure = (error: StateError, pair: PairKey) => void;

/** Who acted, for commandhistory (omitted: no commandhistory record). */
export interface Actor {
  readonly who?: string;
  readonly comment?: string;
}

/** What other stores of src/state share with a StateStore (see StateStore.context). */
export interface StoreContext {
  readonly paths: StatePaths;
  readonly fsync: boolean;
  /** Epoch ms now. */
  readonly clock: () => number;
}

/** Told after a result was recorded by this process: the pair, its new status, and how long the writes took (ms). */
export type RecordListener = (service: string, host: string, status: CheckStatus, writeMs: number) => void;

export const TRIP_DEFAULTS = { rc: 1, comment: 'Alert manually tripped' } as const;

/**
 * The state of every pair under <statedir> and its history under
 * <historydir>: the only door to var/ for the daemon, sc and sw. Every write
 * to a pair happens under its lock (read, compute, write: no lost updates);
 * changes made by tools leave a notice for the daemon (docs/state.md).
 * Create one per process and share it: its in-process lock queue is what
 * keeps callers in the same process from polling each other's lock.
 */
export class StateStore {
  /** Reading history (no lock needed); appending goes through withPairLock. */
  readonly history: HistoryStore;
  private readonly paths: StatePaths;
  private readonly fsync: boolean;
  private readonly clock: () => number;
  private readonly locks: PairLock;
  private readonly concurrency: number;
  private readonly recordListeners = new Set<RecordListener>();
  private readonly writer: RecordWriter | undefined;

  constructor(opts: StateStoreOptions) {
    this.paths = new StatePaths(opts.stateDir, opts.lockDir);
    this.history = new HistoryStore({ historyDir: opts.historyDir });
    this.fsync = opts.fsync;
    this.clock = opts.clock ?? Date.now;
    this.locks = new PairLock(opts.lock);
    this.concurrency = opts.concurrency ?? 32;
    if (opts.writerThread === true) {
      this.writer = new RecordWriter(
        { stateDir: opts.stateDir, historyDir: opts.historyDir, lockDir: opts.lockDir, fsync: opts.fsync, staleMs: this.locks.staleMs },
        {
          ...(opts.writerThreads !== undefined ? { threads: opts.writerThreads } : {}),
          ...(opts.onWriterFailure !== undefined ? { onThreadFailure: opts.onWriterFailure } : {}),
        },
      );
    }
  }

  /** Stops the writer thread, if any (the daemon, at exit). */
  async close(): Promise<void> {
    await this.writer?.close();
  }

  /** Runs `fn` holding the pair's lock (see PairLock.withLock for waiting and failures). Keep `fn` short. */
  async withPairLock<T>(service: string, host: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.withLock(this.paths.pairLock(service, host), { service, host }, fn);
  }

  /**
   * Records one check result (reference 5.5) under the pair lock: checkstatus
   * replaced, then one checkhistory line appended. Returns the new status.
   * Failures: StateError (SURVIVOR_STATE_LOCKED, _IO, _BAD_NAME, SURVIVOR_HISTORY_IO).
   */
  async recordResult(service: string, entry: ResultEntry): Promise<CheckStatus> {
    return this.withPairLock(service, entry.result.host, () => this.recordLocked(service, entry));
  }

  /**
   * Records many results of one service, `concurrency` pairs at a time;
   * results for the same host are applied in order. Never rejects for a
   * single pair's failure: each outcome carries its status or its error, in
   * input order.
   */
  async recordResults(service: string, entries: readonly ResultEntry[]): Promise<RecordOutcome[]> {
    if (this.writer !== undefined && entries.length > 0) return this.recordOnWriter(this.writer, service, entries);
    return this.recordWaiting(service, entries);
  }

  /** recordResults on the writer thread; what it could not take (busy lock, dead thread) the waiting way. */
  private async recordOnWriter(writer: RecordWriter, service: string, entries: readonly ResultEntry[]): Promise<RecordOutcome[]> {
    const written = await writer.record(service, entries);
    const outcomes = new Array<RecordOutcome>(entries.length);
    const again: number[] = [];
    written.forEach((w, i) => {
      const { host } = (entries[i] as ResultEntry).result;
      if ('busy' in w) {
        again.push(i);
      } else if ('error' in w) {
        const { code, message, path, errno } = w.error;
        // The message already names the pair, the path and the errno: the details are set after construction.
        const cause = errno === undefined ? {} : { cause: Object.assign(new Error(errno), { code: errno }) };
        outcomes[i] = { host, error: Object.assign(new StateError(code, message), { service, host, ...(path === undefined ? {} : { path }), ...cause }) };
      } else {
        outcomes[i] = { host, status: w.status };
        this.tellListeners(service, host, w.status, w.ms);
      }
    });
    if (again.length > 0) {
      const waited = await this.recordWaiting(service, again.map((i) => entries[i] as ResultEntry));
      waited.forEach((outcome, k) => (outcomes[again[k] as number] = outcome));
    }
    return outcomes;
  }

  /** recordResults with the asynchronous calls, waiting for held locks. */
  private async recordWaiting(service: string, entries: readonly ResultEntry[]): Promise<RecordOutcome[]> {
    const byHost = new Map<string, number[]>();
    entries.forEach((e, i) => {
      const indexes = byHost.get(e.result.host);
      if (indexes === undefined) byHost.set(e.result.host, [i]);
      else indexes.push(i);
    });
    const outcomes = new Array<RecordOutcome>(entries.length);
    await mapConcurrent([...byHost.values()], this.concurrency, async (indexes) => {
      for (const i of indexes) {
        const entry = entries[i] as ResultEntry;
        const { host } = entry.result;
        try {
          outcomes[i] = { host, status: await this.recordResult(service, entry) };
        } catch (err) {
          outcomes[i] = { host, error: asStateError(err, service, host) };
        }
      }
    });
    return outcomes;
  }

  /** sc reschedule: time := 0, rc/instances/comment kept (1.0); leaves a notice. Returns the new status. */
  async reschedule(service: string, host: string, actor: Actor = {}): Promise<CheckStatus> {
    const status = await this.withPairLock(service, host, async () => {
      const next: CheckStatus = { ...((await this.statusForUpdate(service, host)) ?? NOT_YET), time: 0 };
      await writeFileAtomically(this.paths.checkStatus(service, host), statusText(next), this.fsync, { service, host });
      await this.appendCommand(service, host, 'reschedule', actor);
      return next;
    });
    await this.notify(service, host);
    return status;
  }

  /** sc trip: a synthetic result (default rc 1, "Alert manually tripped", scalar 0) through the normal path; leaves a notice. */
  async trip(service: string, host: string, rc: number = TRIP_DEFAULTS.rc, comment: string = TRIP_DEFAULTS.comment, who?: string): Promise<CheckStatus> {
    if (!Number.isSafeInteger(rc)) throw new TypeError(`Expected \`rc\` to be an integer, got \`${rc}\` (${typeof rc})`);
    const entry: ResultEntry = { result: { host, rc, scalar: 0, comment, duration: -1 }, startedAt: this.clock() };
    const status = await this.withPairLock(service, host, async () => {
      const next = await this.recordLocked(service, entry);
      await this.appendCommand(service, host, 'trip', { who, comment });
      return next;
    });
    await this.notify(service, host);
    return status;
  }

  /** Tells the daemon that the pair changed outside it (call after any tool write). Failures: SURVIVOR_STATE_IO. */
  async notify(service: string, host: string): Promise<void> {
    return postNotice(this.paths.noticesDir, { service, host, time: this.clock() }, this.fsync);
  }

  /** The daemon, once per pass: the pairs tools changed since the last call (notices are consumed). */
  async takeNotices(): Promise<Notice[]> {
    return takeNotices(this.paths.noticesDir, this.clock());
  }

  /**
   * The pair's checkstatus, or undefined when the file does not exist or is
   * empty (being created, or its data lost in a power failure). A file that is
   * not a valid record throws SURVIVOR_STATE_CORRUPT (with the reason); other
   * failures SURVIVOR_STATE_IO. Takes no lock.
   */
  async readCheckStatus(service: string, host: string): Promise<CheckStatus | undefined> {
    const path = this.paths.checkStatus(service, host);
    const text = await readTextIfExists(path, { service, host });
    if (text === undefined || text === '') return undefined;
    const parsed = parseCheckStatus(text);
    if (parsed.status !== undefined) return parsed.status;
    throw new StateError(STATE_ERROR_CODES.CORRUPT, `invalid checkstatus: ${parsed.problem}`, { service, host, path });
  }

  /**
   * readCheckStatus for many pairs, `concurrency` at a time, in input order.
   * Never rejects: a pair that is absent, corrupt or unreadable is undefined,
   * and the corrupt or unreadable ones are also reported to `onFailure`.
   */
  readAllCheckStatus(pairs: readonly PairKey[], onFailure?: ReadFailure): Promise<(CheckStatus | undefined)[]> {
    return mapConcurrent(pairs, this.concurrency, async (pair) => {
      try {
        return await this.readCheckStatus(pair.service, pair.host);
      } catch (err) {
        onFailure?.(asStateError(err, pair.service, pair.host), pair);
        return undefined;
      }
    });
  }

  /** Replaces <statedir>/running/<kind> with {version, pid, time, ...stats}. Failures: SURVIVOR_STATE_IO. */
  async writeRunning(kind: RunningKind, stats: RunningStats): Promise<void> {
    const record = runningStatus(stats, process.pid, this.clock());
    return writeFileAtomically(this.paths.running(kind), JSON.stringify(record) + '\n', this.fsync);
  }

  /** The last heartbeat of a scheduler loop; undefined when absent or not a heartbeat. */
  async readRunning(kind: RunningKind): Promise<RunningStatus | undefined> {
    const text = await readTextIfExists(this.paths.running(kind));
    return text === undefined ? undefined : parseRunningStatus(text);
  }

  /** Start-up (and any full pass): see reconcileState. */
  async reconcile(config: ReconcileInput): Promise<ReconcileReport> {
    return reconcileState(this.reconcileContext, config);
  }

  /** reconcile for a reload: only what the change from `prev` to `next` adds or removes (reconcileChange). */
  async reconcileChange(prev: ReconcileInput, next: ReconcileInput, change?: PairChange): Promise<ReconcileReport> {
    return reconcileChange(this.reconcileContext, prev, next, change);
  }

  private get reconcileContext(): ReconcileContext {
    return { paths: this.paths, history: this.history, withPairLock: (s, h, fn) => this.withPairLock(s, h, fn) };
  }

  /**
   * Listens to the results this process records (the web monitor inside ss:
   * instant updates and the state write latency metric). Returns the function
   * that stops listening. Listeners run synchronously under the pair lock:
   * they must be quick and must not write.
   */
  onRecorded(listener: RecordListener): () => void {
    this.recordListeners.add(listener);
    return () => this.recordListeners.delete(listener);
  }

  /**
   * A stamp that changes whenever any state file of the pair is replaced,
   * created or removed (the pair directory's mtime, epoch ms with fractions);
   * 0 when the pair has no state yet. Lets the web monitor notice changes by
   * one stat per pair instead of reading every file. Never rejects.
   */
  async pairChangeStamp(service: string, host: string): Promise<number> {
    try {
      return (await stat(this.paths.pairDir(service, host))).mtimeMs;
    } catch {
      return 0;
    }
  }

  /**
   * The layout, fsync choice and clock this store writes with, so that the
   * other stores over the same var/ (AlertStore) write the same way.
   */
  get context(): StoreContext {
    return { paths: this.paths, fsync: this.fsync, clock: this.clock };
  }

  private async recordLocked(service: string, entry: ResultEntry): Promise<CheckStatus> {
    const { host } = entry.result;
    const next = nextCheckStatus(await this.statusForUpdate(service, host), entry);
    const started = performance.now();
    await writeFileAtomically(this.paths.checkStatus(service, host), statusText(next), this.fsync, { service, host });
    await this.history.appendCheck(service, host, historyRecordOf(next));
    this.tellListeners(service, host, next, performance.now() - started);
    return next;
  }

  private tellListeners(service: string, host: string, status: CheckStatus, writeMs: number): void {
    for (const listener of this.recordListeners) {
      try {
        listener(service, host, status, writeMs);
      } catch {
        // a listener's fault must not fail the recording
      }
    }
  }

  /** The status to build on under the lock: a corrupt file counts as absent and is overwritten (self-healing). */
  private async statusForUpdate(service: string, host: string): Promise<CheckStatus | undefined> {
    const text = await readTextIfExists(this.paths.checkStatus(service, host), { service, host });
    return text === undefined ? undefined : parseCheckStatus(text).status;
  }

  private async appendCommand(service: string, host: string, command: string, actor: Actor): Promise<void> {
    if (actor.who === undefined) return;
    const comment = flattenComment(actor.comment ?? '');
    await this.history.appendCommand(service, host, { time: this.clock(), command, who: actor.who, comment });
  }
}

function statusText(status: CheckStatus): string {
  return JSON.stringify(status) + '\n';
}


function asStateError(err: unknown, service: string, host: string): StateError {
  return err instanceof StateError ? err : ioError('unexpected failure', err, { service, host });
}
