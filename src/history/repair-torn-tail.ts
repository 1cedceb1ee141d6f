import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { errnoCode, STATE_ERROR_CODES, StateError } from '../state/state-error.js';

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
  let fh: FileHandle;
  try {
    fh = await open(path, 'r+');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return 0;
    throw historyIo('cannot open history file for repair', path, err);
  }
  try {
    const { before, after } = await truncateTornTail(fh);
    return before - after;
  } catch (err) {
    throw historyIo('cannot repair history file', path, err);
  } finally {
    await fh.close();
  }
}

/** Cheap test (one byte read, no lock needed): does the file end in a torn line? Missing file: false. */
export async function hasTornTail(path: string): Promise<boolean> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return false;
    throw historyIo('cannot open history file', path, err);
  }
  try {
    const { size } = await fh.stat();
    return size > 0 && (await lastByte(fh, size)) !== NEWLINE;
  } finally {
    await fh.close();
  }
}

/** On an open read-write handle: truncate back to just after the last "\n"; returns the sizes before and after. */
export async function truncateTornTail(fh: FileHandle): Promise<{ before: number; after: number }> {
  const { size } = await fh.stat();
  if (size === 0 || (await lastByte(fh, size)) === NEWLINE) return { before: size, after: size };
  const end = await endOfLastLine(fh, size);
  await fh.truncate(end);
  return { before: size, after: end };
}

/** Offset just past the last "\n" before `size` (0 when there is none), scanning backwards chunk by chunk. */
export async function endOfLastLine(fh: FileHandle, size: number): Promise<number> {
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, size));
  let pos = size;
  while (pos > 0) {
    const len = Math.min(buf.length, pos);
    pos -= len;
    const { bytesRead } = await fh.read(buf, 0, len, pos);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (nl >= 0) return pos + nl + 1;
  }
  return 0;
}

async function lastByte(fh: FileHandle, size: number): Promise<number | undefined> {
  const one = Buffer.alloc(1);
  const { bytesRead } = await fh.read(one, 0, 1, size - 1);
  return bytesRead === 1 ? one[0] : undefined;
}

export function historyIo(message: string, path: string, cause: unknown): StateError {
  if (cause instanceof StateError) return cause;
  return new StateError(STATE_ERROR_CODES.HISTORY_IO, message, { path, cause });
}
