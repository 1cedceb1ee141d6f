/**
 * Recording one check result with synchronous file-system calls: the same
 * steps, files, lock and errors as StateStore.recordResult (lock, read
 * checkstatus, replace it atomically and fsync its directory (replaceFileSync),
 * append one checkhistory line, release), for the record writer thread
 * (record-writer-worker.ts). Synchronous calls on a thread of their own cost
 * a fraction of the CPU of ~30 asynchronous ones, each a round trip through
 * libuv's thread pool, and that per-result overhead, not the disk, is what
 * limited the daemon to ~1,300 results a second (docs/state.md, Performance).
 */
import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, rmdirSync, statSync, utimesSync, writeSync } from 'node:fs';
import { lockSync } from 'proper-lockfile';
import { replaceFileSync, withParentDirSync } from './atomic-file.js';
import type { CheckStatus } from './check-status.js';
import { historyLine } from '../history/history-record.js';
import { HistoryPaths } from '../history/history-paths.js';
import { historyRecordOf, nextCheckStatus, type ResultEntry } from './next-check-status.js';
import { parseCheckStatus } from './parse-check-status.js';
import { errnoCode, ioError, STATE_ERROR_CODES, StateError } from './state-error.js';
import { StatePaths } from './state-paths.js';


const NEWLINE = 0x0a;

export interface SyncRecordContext {
  readonly paths: StatePaths;
  readonly history: HistoryPaths;
  readonly fsync: boolean;
  /** proper-lockfile `stale` (ms): must match PairLock's so both agree on takeovers. */
  readonly staleMs: number;
}

export function syncRecordContext(opts: { stateDir: string; historyDir: string; lockDir?: string | undefined; fsync: boolean; staleMs: number }): SyncRecordContext {
  return { paths: new StatePaths(opts.stateDir, opts.lockDir), history: new HistoryPaths(opts.historyDir), fsync: opts.fsync, staleMs: opts.staleMs };
}

/** The pair lock was held by someone else: the caller records this one the asynchronous way (which waits). */
export const BUSY = Symbol('busy');

/**
 * Records `entry` for `service` if the pair lock is free right now. Returns
 * the new status, or BUSY without touching anything when the lock is held.
 * Failures: StateError, as StateStore.recordResult.
 */
export function recordResultSync(ctx: SyncRecordContext, service: string, entry: ResultEntry): CheckStatus | typeof BUSY {
  const { host } = entry.result;
  const lockDir = ctx.paths.pairLock(service, host);
  const release = takeLock(lockDir, ctx.staleMs);
  if (release === BUSY) return BUSY;
  try {
    const path = ctx.paths.checkStatus(service, host);
    const next = nextCheckStatus(readStatus(path), entry);
    replaceFileSync(path, JSON.stringify(next) + '\n', ctx.fsync, { service, host });
    appendLine(ctx.history.file(service, host, 'checkhistory'), historyLine(historyRecordOf(next)));
    return next;
  } finally {
    try {
      release();
    } catch {
      // ERELEASED after a takeover; a lock left behind goes stale
    }
  }
}

/**
 * The file-system calls proper-lockfile makes, and nothing else: lockSync
 * copies the `fs` it is given into a synchronous adapter on every call, and
 * copying all of graceful-fs each time was a sixth of the cost of recording a
 * result (a micro-benchmark: 0.06 of 0.37 ms).
 */
const LOCK_FS = { mkdirSync, realpathSync, rmdirSync, statSync, utimesSync };

function takeLock(lockDir: string, staleMs: number): (() => void) | typeof BUSY {
  const options = { lockfilePath: lockDir, realpath: false, stale: staleMs, fs: LOCK_FS };
  try {
    return withParentDirSync(lockDir, () => lockSync(lockDir, options));
  } catch (err) {
    if (errnoCode(err) === 'ELOCKED') return BUSY;
    throw new StateError(STATE_ERROR_CODES.IO, 'cannot take pair lock', { path: lockDir, cause: err });
  }
}

/** Under the lock: a missing, empty or corrupt file counts as absent (and is overwritten: self-healing). */
function readStatus(path: string): CheckStatus | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw ioError('cannot read state file', err, { path });
  }
  return text === '' ? undefined : parseCheckStatus(text).status;
}

/** One write() with O_APPEND after cutting a torn tail, undone on a short write: as appendHistoryLine. */
function appendLine(path: string, line: string): void {
  let fd: number;
  try {
    fd = withParentDirSync(path, () => openSync(path, 'a+'));
  } catch (err) {
    throw new StateError(STATE_ERROR_CODES.HISTORY_IO, 'cannot open history file', { path, cause: err });
  }
  try {
    const size = cutTornTail(fd);
    const data = Buffer.from(line, 'utf8');
    let written = 0;
    try {
      written = writeSync(fd, data);
    } finally {
      if (written !== data.length) ftruncateSync(fd, size);
    }
    if (written !== data.length) throw new Error(`short write: ${written} of ${data.length} bytes`);
  } catch (err) {
    throw new StateError(STATE_ERROR_CODES.HISTORY_IO, 'cannot append to history file', { path, cause: err });
  } finally {
    closeSync(fd);
  }
}

/** The file's size once any unterminated last line is cut off. */
function cutTornTail(fd: number): number {
  const { size } = fstatSync(fd);
  if (size === 0) return 0;
  const buf = Buffer.allocUnsafe(Math.min(65536, size));
  let pos = size;
  let first = true;
  while (pos > 0) {
    const len = first ? 1 : Math.min(buf.length, pos);
    const from = first ? size - 1 : pos - len;
    const n = readSync(fd, buf, 0, len, from);
    if (first) {
      if (n === 1 && buf[0] === NEWLINE) return size;
      first = false;
      continue;
    }
    pos = from;
    const nl = buf.subarray(0, n).lastIndexOf(NEWLINE);
    if (nl >= 0) {
      ftruncateSync(fd, pos + nl + 1);
      return pos + nl + 1;
    }
  }
  ftruncateSync(fd, 0);
  return 0;
}
