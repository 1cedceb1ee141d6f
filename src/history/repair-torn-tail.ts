import { errnoCode, STATE_ERROR_CODES, StateError } from '../state/state-error.js';
import { historyFs as fs } from './history-fs.js';

const NEWLINE = 0x0a;
const CHUNK = 64 * 1024;

/**
 * Removes a torn last line (bytes after the final "\n", left when a writer
 * died mid-write) from a history file, reading only the tail. Returns the
 * number of bytes removed: 0 when the file is whole or does not exist. The
 * caller holds the pair lock, so no append is in flight. Failures:
 * SURVIVOR_HISTORY_IO.
 */
export async function repairTornTail(path: string): Promise<number> {
  let fd: number;
  try {
    fd = await fs.open(path, 'r+');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return 0;
    throw historyIo('cannot open history file for repair', path, err);
  }
  try {
    const { before, after } = await truncateTornTail(fd);
    return before - after;
  } catch (err) {
    throw historyIo('cannot repair history file', path, err);
  } finally {
    await fs.close(fd).catch(() => undefined);
  }
}

/** Cheap test (one byte read, no lock needed): does the file end in a torn line? Missing file: false. */
export async function hasTornTail(path: string): Promise<boolean> {
  let fd: number;
  try {
    fd = await fs.open(path, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return false;
    throw historyIo('cannot open history file', path, err);
  }
  try {
    const { size } = await fs.fstat(fd);
    return size > 0 && (await lastByte(fd, size)) !== NEWLINE;
  } finally {
    await fs.close(fd).catch(() => undefined);
  }
}

/** On a descriptor open for writing: truncate back to just after the last "\n"; returns the sizes before and after. */
export async function truncateTornTail(fd: number): Promise<{ before: number; after: number }> {
  const { size } = await fs.fstat(fd);
  if (size === 0 || (await lastByte(fd, size)) === NEWLINE) return { before: size, after: size };
  const end = await endOfLastLine(fd, size);
  await fs.ftruncate(fd, end);
  return { before: size, after: end };
}

/** Offset just past the last "\n" before `size` (0 when there is none), scanning backwards chunk by chunk. */
async function endOfLastLine(fd: number, size: number): Promise<number> {
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, size));
  let pos = size;
  while (pos > 0) {
    const len = Math.min(buf.length, pos);
    pos -= len;
    const bytesRead = await fs.read(fd, buf, 0, len, pos);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (nl >= 0) return pos + nl + 1;
  }
  return 0;
}

async function lastByte(fd: number, size: number): Promise<number | undefined> {
  const one = Buffer.allocUnsafe(1);
  return (await fs.read(fd, one, 0, 1, size - 1)) === 1 ? one[0] : undefined;
}

/** SURVIVOR_HISTORY_IO for `path`, keeping StateErrors as they are. */
export function historyIo(message: string, path: string, cause: unknown): StateError {
  if (cause instanceof StateError) return cause;
  return new StateError(STATE_ERROR_CODES.HISTORY_IO, message, { path, cause });
}
