import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { errnoCode } from '../state/state-error.js';
import { linesBackward } from './lines-backward.js';
import { linesForward } from './lines-forward.js';
import { peekTime } from './peek-time.js';
import { historyIo } from './repair-torn-tail.js';
import { seekTime } from './seek-time.js';

/** Which records to read. Times are epoch ms. */
export interface HistoryQuery {
  /** Only records with time >= from. */
  readonly from?: number;
  /** Only records with time < until (exclusive, like 1.0's -u). */
  readonly until?: number;
  /** Stop after this many records. */
  readonly limit?: number;
  /** Newest first, reading the file backwards. */
  readonly reverse?: boolean;
  /**
   * Records are in append order, which is time order except that a record may
   * be appended after a newer one (a trip while a check ran: a check's time is
   * its start). Windows are widened by this much when deciding where to start
   * and stop reading; records are still filtered exactly. Default 1 hour.
   */
  readonly orderSlackMs?: number;
  /** Read size in bytes (tests use small ones to cross chunk boundaries). Default 64 KiB. */
  readonly chunkSize?: number;
}

/**
 * The records of one history file inside the window, in file order (or
 * reversed), skipping lines that are not JSON or that `parse` rejects, and the
 * torn last line. A missing file has no records. Reads a snapshot of the
 * file's size at open, so records appended meanwhile are not seen. Memory stays
 * at one chunk. The start of a window is found by bisection and reading stops
 * past its far edge, so the newest records, or any window, of a million-line
 * file cost a few reads. Failures: SURVIVOR_HISTORY_IO.
 */
export async function* readHistory<T extends { readonly time: number }>(
  path: string,
  parse: (value: unknown) => T | undefined,
  query: HistoryQuery = {},
): AsyncGenerator<T> {
  const { from = -Infinity, until = Infinity, limit = Infinity, reverse = false, orderSlackMs = 3_600_000, chunkSize } = query;
  if (limit <= 0 || from >= until) return;
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return;
    throw historyIo('cannot open history file', path, err);
  }
  try {
    const { size } = await fh.stat();
    // Past these times no record of the window can follow (in reading direction).
    const beyond = reverse ? from - orderSlackMs : until + orderSlackMs;
    let batches: AsyncGenerator<Buffer[]>;
    if (reverse) {
      const end = Number.isFinite(until) ? (await seekTime(fh, size, until + orderSlackMs)).hi : size;
      batches = linesBackward(fh, end, chunkSize);
    } else {
      const start = Number.isFinite(from) ? (await seekTime(fh, size, from - orderSlackMs)).lo : 0;
      batches = linesForward(fh, start, size, chunkSize);
    }
    let count = 0;
    for await (const lines of batches) {
      for (const line of lines) {
        const peeked = peekTime(line);
        if (peeked !== undefined && (reverse ? peeked < beyond : peeked >= beyond)) return;
        if (peeked !== undefined && (peeked < from || peeked >= until)) continue;
        const record = parseLine(line, parse);
        if (record === undefined) continue;
        if (reverse ? record.time < beyond : record.time >= beyond) return;
        if (record.time < from || record.time >= until) continue;
        yield record;
        if (++count >= limit) return;
      }
    }
  } catch (err) {
    throw historyIo('cannot read history file', path, err);
  } finally {
    await fh.close();
  }
}

function parseLine<T>(line: Buffer, parse: (value: unknown) => T | undefined): T | undefined {
  try {
    return parse(JSON.parse(line.toString('utf8')));
  } catch {
    return undefined;
  }
}
