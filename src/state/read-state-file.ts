import { unlink } from 'node:fs/promises';
import type { Parsed } from './alert-file-formats.js';
import { readTextIfExists } from './atomic-file.js';
import type { StateErrorDetails } from './state-error.js';
import { errnoCode, ioError, STATE_ERROR_CODES, StateError } from './state-error.js';

/** Told about a state file that exists but is not a valid record (it is treated as absent). */
export type CorruptReport = (error: StateError) => void;

type Where = Pick<StateErrorDetails, 'service' | 'host'>;

/**
 * Reads and parses one small state file. Missing or empty (being created, or
 * emptied by a power loss) → undefined. Not a valid record → undefined, and
 * `onCorrupt` gets a SURVIVOR_STATE_CORRUPT error naming the file and the
 * problem. Other failures throw SURVIVOR_STATE_IO.
 */
export async function readStateFile<T>(path: string, parse: (text: string) => Parsed<T>, where: Where, onCorrupt?: CorruptReport): Promise<T | undefined> {
  const text = await readTextIfExists(path, where);
  if (text === undefined || text === '') return undefined;
  const parsed = parse(text);
  if (parsed.record !== undefined) return parsed.record;
  onCorrupt?.(new StateError(STATE_ERROR_CODES.CORRUPT, `invalid state file: ${parsed.problem}`, { ...where, path }));
  return undefined;
}

/** Removes a state file; a missing one is fine. Failures: SURVIVOR_STATE_IO. */
export async function removeStateFile(path: string, where: Where = {}): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw ioError('cannot remove state file', err, { ...where, path });
  }
}
