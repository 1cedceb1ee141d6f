import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { errnoCode } from '../state/state-error.js';
import { linesBackward } from './lines-backward.js';
import { linesForward } from './lines-forward.js';
import { historyIo } from './repair-torn-tail.js';

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
   * be appended after a newer one (a trip while a check ran; time is the check's
   * start). Reading stops this far past the window's far edge. Default 1 hour.
   */
  readonly orderSlackMs?: number;
  /** Read size in bytes (tests use small ones to cross chunk boundaries). Default 64 KiB. */
  readonly chunkSize?: number;
}

/**
 * The records of one history file inside the window, in file order (or
 * reversed), skipping lines that are not JSON or that `parse` rejects, and the
 * torn last line. A missing file has no records. Reads a snapshot of the file's
 * size at open, so concurrent appends are not seen. Memory stays at one chunk;
 * a reverse read with a limit or a `from` touches only the tail.
 * Failures: SURVIVOR_HISTORY_IO.
 */
export async function* readHistory<T extends { readonly time: number }>(
  path: string,
  parse: (value: unknown) => T | undefined,
  query: HistoryQuery = {},
): AsyncGenerator<T> {
  const { from = -Infinity, until = Infinity, limit = Infinity, reverse = false, orderSlackMs = 3_600_000 } = query;
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
    const lines = reverse ? linesBackward(fh, size, query.chunkSize) : linesForward(fh, size, query.chunkSize);
    let count = 0;
    for await (const line of lines) {
      const record = parseLine(line, parse);
      if (record === undefined) continue;
      if (reverse ? record.time < from - orderSlackMs : record.time >= until + orderSlackMs) return;
      if (record.time < from || record.time >= until) continue;
      yield record;
      if (++count >= limit) return;
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
