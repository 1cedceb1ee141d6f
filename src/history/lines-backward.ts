import type { FileHandle } from 'node:fs/promises';

const NEWLINE = 0x0a;

/**
 * The complete lines of bytes [0, end) of a file, newest first, without their
 * "\n", read backwards `chunkSize` bytes at a time and yielded one chunk's
 * worth at a time (memory: one chunk plus the longest line, never the whole
 * file). Bytes after the last "\n" are a torn or in-progress line and are
 * skipped, as are empty lines. Stops early if the file shrinks underneath.
 * The yielded Buffers are only valid until the next iteration step.
 */
export async function* linesBackward(fh: FileHandle, end: number, chunkSize = 64 * 1024): AsyncGenerator<Buffer[]> {
  const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(chunkSize, end)));
  let pos = end;
  let carry: Buffer = Buffer.alloc(0);
  let atTail = true;
  while (pos > 0) {
    const len = Math.min(chunk.length, pos);
    pos -= len;
    const { bytesRead } = await fh.read(chunk, 0, len, pos);
    if (bytesRead !== len) return;
    const buf = carry.length === 0 ? chunk.subarray(0, len) : Buffer.concat([chunk.subarray(0, len), carry]);
    const lines: Buffer[] = [];
    let stop = buf.length;
    let nl = buf.lastIndexOf(NEWLINE, stop - 1);
    while (nl >= 0) {
      if (atTail) atTail = false;
      else if (stop > nl + 1) lines.push(buf.subarray(nl + 1, stop));
      stop = nl;
      nl = stop > 0 ? buf.lastIndexOf(NEWLINE, stop - 1) : -1;
    }
    if (lines.length > 0) yield lines;
    // The unfinished start of a line; copied because `chunk` is reused.
    carry = Buffer.from(buf.subarray(0, stop));
  }
  if (!atTail && carry.length > 0) yield [carry];
}
