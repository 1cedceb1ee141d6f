import { appendHistoryLine } from './append-history-line.js';
import type { AlertHistoryRecord } from './alert-history-record.js';
import { parseAlertHistoryRecord } from './alert-history-record.js';
import type { FixHistoryRecord } from './fix-history-record.js';
import { parseFixHistoryRecord } from './fix-history-record.js';
import type { HistoryKind } from './history-paths.js';
import { HISTORY_KINDS, HistoryPaths } from './history-paths.js';
import type { CheckHistoryRecord, CommandHistoryRecord } from './history-record.js';
import { historyLine, parseCheckHistoryRecord, parseCommandHistoryRecord } from './history-record.js';
import type { HistoryQuery } from './read-history.js';
import { readHistory } from './read-history.js';
import { hasTornTail, repairTornTail } from './repair-torn-tail.js';

/**
 * The history files of every pair under <historydir>. Appends must be made
 * while holding the pair's lock (StateStore.withPairLock); reads need no lock.
 */
export class HistoryStore {
  readonly paths: HistoryPaths;

  constructor(opts: { readonly historyDir: string }) {
    this.paths = new HistoryPaths(opts.historyDir);
  }

  /** Appends one checkhistory record. Caller holds the pair lock. Failures: SURVIVOR_HISTORY_IO. */
  async appendCheck(service: string, host: string, record: CheckHistoryRecord): Promise<void> {
    return appendHistoryLine(this.paths.file(service, host, 'checkhistory'), historyLine(record));
  }

  /** Appends one commandhistory record. Caller holds the pair lock. Failures: SURVIVOR_HISTORY_IO. */
  async appendCommand(service: string, host: string, record: CommandHistoryRecord): Promise<void> {
    return appendHistoryLine(this.paths.file(service, host, 'commandhistory'), historyLine(record));
  }

  /** Appends one alerthistory record. Caller holds the pair lock. Failures: SURVIVOR_HISTORY_IO. */
  async appendAlert(service: string, host: string, record: AlertHistoryRecord): Promise<void> {
    return appendHistoryLine(this.paths.file(service, host, 'alerthistory'), historyLine(record));
  }

  /** Appends one fixhistory record. Caller holds the pair lock. Failures: SURVIVOR_HISTORY_IO. */
  async appendFix(service: string, host: string, record: FixHistoryRecord): Promise<void> {
    return appendHistoryLine(this.paths.file(service, host, 'fixhistory'), historyLine(record));
  }

  /** alerthistory records of a pair in the query window (see readHistory). */
  async *readAlert(service: string, host: string, query?: HistoryQuery): AsyncGenerator<AlertHistoryRecord> {
    yield* readHistory(this.paths.file(service, host, 'alerthistory'), parseAlertHistoryRecord, query);
  }

  /** fixhistory records of a pair in the query window (see readHistory). */
  async *readFix(service: string, host: string, query?: HistoryQuery): AsyncGenerator<FixHistoryRecord> {
    yield* readHistory(this.paths.file(service, host, 'fixhistory'), parseFixHistoryRecord, query);
  }

  /** checkhistory records of a pair in the query window (see readHistory). */
  async *readCheck(service: string, host: string, query?: HistoryQuery): AsyncGenerator<CheckHistoryRecord> {
    yield* readHistory(this.paths.file(service, host, 'checkhistory'), parseCheckHistoryRecord, query);
  }

  /** commandhistory records of a pair in the query window (see readHistory). */
  async *readCommand(service: string, host: string, query?: HistoryQuery): AsyncGenerator<CommandHistoryRecord> {
    yield* readHistory(this.paths.file(service, host, 'commandhistory'), parseCommandHistoryRecord, query);
  }

  /** Does this history file end in a torn line? One byte read, no lock needed; a missing file is not torn. */
  async isTorn(service: string, host: string, kind: HistoryKind): Promise<boolean> {
    return hasTornTail(this.paths.file(service, host, kind));
  }

  /** Cuts torn last lines off the given kinds; returns the bytes removed. Caller holds the pair lock. */
  async repair(service: string, host: string, kinds: readonly HistoryKind[] = HISTORY_KINDS): Promise<number> {
    let removed = 0;
    for (const kind of kinds) removed += await repairTornTail(this.paths.file(service, host, kind));
    return removed;
  }
}
