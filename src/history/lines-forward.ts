import type { FileHandle } from 'node:fs/promises';

const NEWLINE = 0x0a;

/**
 * The complete lines of the first `size` bytes of a file, oldest first,
 * without their "\n", read `chunkSize` bytes at a time. Bytes after the last
 * "\n" (a torn or in-progress line) are skipped, as are empty lines. Stops
 * early if the file shrinks underneath. Each yielded Buffer is only valid until
 * the next iteration step.
 */
export async function* linesForward(fh: FileHandle, size: number, chunkSize = 64 * 1024): AsyncGenerator<Buffer> {
  const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(chunkSize, size)));
  let pos = 0;
  let carry: Buffer = Buffer.alloc(0);
  while (pos < size) {
    const len = Math.min(chunk.length, size - pos);
    const { bytesRead } = await fh.read(chunk, 0, len, pos);
    if (bytesRead !== len) return;
    pos += len;
    const buf = carry.length === 0 ? chunk.subarray(0, len) : Buffer.concat([carry, chunk.subarray(0, len)]);
    let start = 0;
    let nl = buf.indexOf(NEWLINE, start);
    while (nl >= 0) {
      if (nl > start) yield buf.subarray(start, nl);
      start = nl + 1;
      nl = buf.indexOf(NEWLINE, start);
    }
    carry = Buffer.from(buf.subarray(start));
  }
}
