import type { FileHandle } from 'node:fs/promises';

const NEWLINE = 0x0a;

/**
 * The complete lines of the first `size` bytes of a file, newest first,
 * without their "\n", read backwards `chunkSize` bytes at a time (memory is
 * one chunk plus the longest line, never the whole file). The bytes after the
 * last "\n" are a torn or in-progress line and are skipped; empty lines are
 * skipped. Stops early if the file shrinks underneath. Each yielded Buffer is
 * only valid until the next iteration step.
 */
export async function* linesBackward(fh: FileHandle, size: number, chunkSize = 64 * 1024): AsyncGenerator<Buffer> {
  const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(chunkSize, size)));
  let pos = size;
  let carry: Buffer = Buffer.alloc(0);
  let atTail = true;
  while (pos > 0) {
    const len = Math.min(chunk.length, pos);
    pos -= len;
    const { bytesRead } = await fh.read(chunk, 0, len, pos);
    if (bytesRead !== len) return;
    const buf = carry.length === 0 ? chunk.subarray(0, len) : Buffer.concat([chunk.subarray(0, len), carry]);
    let end = buf.length;
    let nl = buf.lastIndexOf(NEWLINE, end - 1);
    while (nl >= 0) {
      if (atTail) atTail = false;
      else if (end > nl + 1) yield buf.subarray(nl + 1, end);
      end = nl;
      nl = end > 0 ? buf.lastIndexOf(NEWLINE, end - 1) : -1;
    }
    // The unfinished start of a line; copied because `chunk` is reused.
    carry = Buffer.from(buf.subarray(0, end));
  }
  if (!atTail && carry.length > 0) yield carry;
}
