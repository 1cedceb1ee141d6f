import { close, fstat, ftruncate, mkdir, open, read, write } from 'node:fs';
import { promisify } from 'node:util';

/**
 * The few fs calls history needs, on plain descriptors through the callback
 * API: per call about half the CPU of fs/promises' FileHandle, which matters
 * on the path that appends 100 000 records a minute.
 */
export const historyFs = {
  open: promisify(open),
  close: promisify(close),
  fstat: promisify(fstat),
  ftruncate: promisify(ftruncate),
  mkdir: promisify(mkdir),
  /** Reads up to `length` bytes at `position` into `buf`; resolves with the count. */
  read: (fd: number, buf: Buffer, offset: number, length: number, position: number): Promise<number> =>
    new Promise((resolve, reject) => read(fd, buf, offset, length, position, (err, n) => (err ? reject(err) : resolve(n)))),
  /** One write() at the current position (O_APPEND: the end); resolves with the count written. */
  write: (fd: number, buf: Buffer): Promise<number> =>
    new Promise((resolve, reject) => write(fd, buf, 0, buf.length, null, (err, n) => (err ? reject(err) : resolve(n)))),
};
