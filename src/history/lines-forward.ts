import type { FileHandle } from 'node:fs/promises';

const NEWLINE = 0x0a;

/**
 * The complete lines of bytes [start, end) of a file, oldest first, without
 * their "\n", read `chunkSize` bytes at a time and yielded one chunk's worth
 * at a time. `start` must be the start of a line. Bytes after the last "\n"
 * (a torn or in-progress line) are skipped, as are empty lines. Stops early
 * if the file shrinks underneath. The yielded Buffers are only valid until the
 * next iteration step.
 */
export async function* linesForward(fh: FileHandle, start: number, end: number, chunkSize = 64 * 1024): AsyncGenerator<Buffer[]> {
  const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(chunkSize, end - start)));
  let pos = start;
  let carry: Buffer = Buffer.alloc(0);
  while (pos < end) {
    const len = Math.min(chunk.length, end - pos);
    const { bytesRead } = await fh.read(chunk, 0, len, pos);
    if (bytesRead !== len) return;
    pos += len;
    const buf = carry.length === 0 ? chunk.subarray(0, len) : Buffer.concat([carry, chunk.subarray(0, len)]);
    const lines: Buffer[] = [];
    let from = 0;
    let nl = buf.indexOf(NEWLINE, from);
    while (nl >= 0) {
      if (nl > from) lines.push(buf.subarray(from, nl));
      from = nl + 1;
      nl = buf.indexOf(NEWLINE, from);
    }
    if (lines.length > 0) yield lines;
    carry = Buffer.from(buf.subarray(from));
  }
}
