import { randomBytes } from 'node:crypto';
import { close, closeSync, constants, fchmodSync, fsync as fsyncCb, fsyncSync, mkdir, mkdirSync, open, openSync, read, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type { StateErrorDetails } from './state-error.js';
import { errnoCode, ioError } from './state-error.js';

// The callback API, promisified: per call about half the CPU of fs/promises' FileHandle on the hot path.
const openAsync = promisify(open);
const readAsync = promisify(read);
const fsyncAsync = promisify(fsyncCb);
const closeAsync = promisify(close);
const mkdirAsync = promisify(mkdir);

// Below Buffer.poolSize / 2, so reads come from the shared pool instead of a fresh allocation each.
const READ_SIZE = 2048;

/** State files are group-writable, so sc and sw run by members of the instance's group can replace them (1.0: 664). */
const STATE_FILE_MODE = 0o664;

/** The pair a file belongs to, for error messages. */
type Where = Pick<StateErrorDetails, 'service' | 'host'>;

/**
 * Replaces `path` with `text` atomically with write-file-atomic (SPEC §6): a
 * temporary file in the same directory, written, fsynced when `fsync`, renamed
 * over the target (its directory is created when missing); with `fsync` the
 * directory is fsynced too, so the rename itself survives a power loss.
 * Readers see the old or the new content, never a mix. On any failure
 * (ENOSPC, EIO, …) the temporary file is removed and SURVIVOR_STATE_IO is
 * thrown; the old file is intact unless only the final directory fsync
 * failed, in which case the new content is in place but maybe not durable.
 *
 * The mode is fixed (0664, group-writable as in 1.0); the library keeps the
 * file's owner. Measured here: ~460–540 µs a write against ~320 µs for a
 * hand-rolled equivalent; recording still sustains ~2,800 results/s (the
 * 100,000-checks-a-minute target needs 1,700/s).
 */
export async function writeFileAtomically(path: string, text: string, fsync: boolean, where: Where = {}): Promise<void> {
  const options = { fsync, mode: STATE_FILE_MODE };
  // Imported on first use: read-only commands (sc status, sc checkhistory) never load it (~10 ms).
  const { default: writeFileAtomic } = await import('write-file-atomic');
  try {
    try {
      await writeFileAtomic(path, text, options);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
      await mkdirAsync(dirname(path), { recursive: true });
      await writeFileAtomic(path, text, options);
    }
    if (fsync) await syncDir(dirname(path));
  } catch (err) {
    throw ioError('cannot replace state file', err, { ...where, path });
  }
}

/** Names this thread's temporary files: `<name>.<tag><n>`, as write-file-atomic's `<name>.<random>` (docs/state.md). */
const TMP_TAG = randomBytes(4).toString('hex');
let tmpCount = 0;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;

/**
 * writeFileAtomically for the daemon's writer threads (record-sync.ts), with
 * synchronous calls: the same steps as write-file-atomic (a new temporary
 * file in the same directory, one write, fsync, rename over the target) and
 * then the directory's fsync, with the same guarantees and errors. The
 * library is kept everywhere else; here, once per check result, it cost
 * three to four times the CPU (0.26–0.32 against 0.07–0.09 ms a write,
 * bench/README.md): it resolves every component of the path (realpath), stats
 * the old file to copy its mode and owner, hashes a name and registers an
 * exit handler per write. The temporary file is created with O_EXCL (never
 * another writer's), its mode set to 0664 whatever the umask; the owner is
 * the daemon's, as for every file it creates.
 */
export function replaceFileSync(path: string, text: string, fsync: boolean, where: Where = {}): void {
  const data = Buffer.from(text, 'utf8');
  try {
    withParentDirSync(path, () => replaceOnce(path, data, fsync));
    if (fsync) syncDirSync(dirname(path));
  } catch (err) {
    throw ioError('cannot replace state file', err, { ...where, path });
  }
}

/**
 * `create()`, and once more after creating `path`'s directory if it failed
 * with ENOENT: a pair's directories are made on first use (as
 * writeFileAtomically does), never checked for beforehand on the hot path.
 */
export function withParentDirSync<T>(path: string, create: () => T): T {
  try {
    return create();
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
    mkdirSync(dirname(path), { recursive: true });
    return create();
  }
}

function replaceOnce(path: string, data: Buffer, fsync: boolean): void {
  const tmp = `${path}.${TMP_TAG}${++tmpCount}`;
  const fd = openSync(tmp, CREATE_NEW, STATE_FILE_MODE);
  try {
    try {
      fchmodSync(fd, STATE_FILE_MODE);
      const written = writeSync(fd, data);
      if (written !== data.length) throw new Error(`short write: ${written} of ${data.length} bytes`);
      if (fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    unlinkQuietly(tmp);
    throw err;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone, or the disk refuses even that: a stray temporary file is harmless (docs/state.md)
  }
}

function syncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `path` with `text` only if it does not exist yet (O_EXCL): returns
 * true when created, false when a file was already there, which is never
 * overwritten. For a few microseconds the new file is empty, and readers
 * treat an empty state file as absent; a failed write removes the file again.
 * Synchronous for reconcile's bulk use. Failures: SURVIVOR_STATE_IO.
 */
export function createFileOnceSync(path: string, text: string, fsync: boolean): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if (errnoCode(err) === 'EEXIST') return false;
    throw ioError('cannot create state file', err, { path });
  }
  try {
    writeSync(fd, text);
    if (fsync) fsyncSync(fd);
    return true;
  } catch (err) {
    try {
      unlinkSync(path);
    } catch {
      // nothing more can be done; readers treat the empty file as absent
    }
    throw ioError('cannot create state file', err, { path });
  } finally {
    closeSync(fd);
  }
}

/** The file's text, or undefined when it does not exist. Other failures: SURVIVOR_STATE_IO. */
export async function readTextIfExists(path: string, where: Where = {}): Promise<string | undefined> {
  let fd: number;
  try {
    fd = await openAsync(path, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw ioError('cannot read state file', err, { ...where, path });
  }
  try {
    // State files are small: one read usually does; grow for the rare big comment.
    let buf = Buffer.allocUnsafe(READ_SIZE);
    let length = 0;
    for (;;) {
      const { bytesRead } = await readAsync(fd, buf, length, buf.length - length, length);
      length += bytesRead;
      if (bytesRead === 0 || length < buf.length) break;
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, length);
      buf = bigger;
    }
    return buf.toString('utf8', 0, length);
  } catch (err) {
    throw ioError('cannot read state file', err, { ...where, path });
  } finally {
    await closeAsync(fd).catch(() => undefined);
  }
}




async function syncDir(dir: string): Promise<void> {
  const fd = await openAsync(dir, 'r');
  try {
    await fsyncAsync(fd);
  } finally {
    await closeAsync(fd);
  }
}
