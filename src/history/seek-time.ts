import type { FileHandle } from 'node:fs/promises';
import { peekTime } from './peek-time.js';

const NEWLINE = 0x0a;
const PROBE = 4096;
/** Enough of a line for peekTime: {"time": and 16 digits and one more byte. */
const HEAD = 32;

/** Byte offsets of two line starts around the place where records reach a time. */
export interface TimeBracket {
  /** Every record starting before `lo` has a time below the target. */
  readonly lo: number;
  /** Every record starting at or after `hi` has a time at or above the target (hi may be the file size). */
  readonly hi: number;
}

/**
 * Bisects a history file of `size` bytes (records in time order) for the
 * records at `target` (epoch ms), reading one small probe per step: a window
 * in the middle of a million-line file costs ~20 reads instead of a scan.
 * Lines whose time cannot be peeked are stepped over; if a region holds none,
 * the bracket stays wider (still correct, only less tight). Callers widen
 * `target` by their ordering slack.
 */
export async function seekTime(fh: FileHandle, size: number, target: number): Promise<TimeBracket> {
  let lo = 0;
  let hi = size;
  while (hi - lo > PROBE) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const probe = await firstTimedLine(fh, mid, hi);
    if (probe === undefined || probe.start <= lo) break;
    if (probe.time < target) lo = probe.start;
    else hi = probe.start;
  }
  return { lo, hi };
}

/** The first complete line starting after `from` (and before `limit`) whose time can be peeked. */
async function firstTimedLine(fh: FileHandle, from: number, limit: number): Promise<{ start: number; time: number } | undefined> {
  const buf = Buffer.allocUnsafe(PROBE);
  let pos = from;
  let lineStart: number | undefined;
  let head = Buffer.alloc(0);
  while (pos < limit) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(PROBE, limit - pos), pos);
    if (bytesRead === 0) return undefined;
    const view = buf.subarray(0, bytesRead);
    for (let i = 0; ; ) {
      const nl = view.indexOf(NEWLINE, i);
      if (lineStart !== undefined && head.length < HEAD) {
        head = Buffer.concat([head, view.subarray(i, Math.min(nl < 0 ? view.length : nl, i + HEAD - head.length))]);
      }
      if (nl < 0) break;
      const time = lineStart === undefined ? undefined : peekTime(head);
      if (time !== undefined && lineStart !== undefined) return { start: lineStart, time };
      lineStart = pos + nl + 1;
      head = Buffer.alloc(0);
      if (lineStart >= limit) return undefined;
      i = nl + 1;
    }
    pos += bytesRead;
  }
  return undefined;
}
