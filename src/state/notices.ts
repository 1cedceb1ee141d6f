import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-file.js';
import { errnoCode, ioError } from './state-error.js';

/** "This pair's state changed outside the daemon: re-read it." One file in <statedir>/notices/. */
export interface Notice {
  readonly service: string;
  readonly host: string;
  /** Epoch ms when the change was made. */
  readonly time: number;
}

const SUFFIX = '.json';
/** Temporary files of writers that died before renaming are removed once this old (ms). */
const ABANDONED_AFTER_MS = 10 * 60_000;

/**
 * Leaves a notice for the daemon, atomically, under a name no other writer
 * can pick (time, pid, random). Failures: SURVIVOR_STATE_IO.
 */
export async function postNotice(noticesDir: string, notice: Notice, fsync: boolean): Promise<void> {
  const name = `${notice.time}-${process.pid}-${randomBytes(6).toString('hex')}${SUFFIX}`;
  await writeFileAtomically(join(noticesDir, name), JSON.stringify(notice) + '\n', fsync);
}

/**
 * Takes every notice present: reads and deletes each one, oldest first. Files
 * that do not parse as a notice are deleted and skipped; temporary files of
 * writers still at work are left alone unless abandoned for 10 minutes.
 * A missing directory has no notices. Failures: SURVIVOR_STATE_IO.
 */
export async function takeNotices(noticesDir: string, now: number): Promise<Notice[]> {
  let names: string[];
  try {
    names = await readdir(noticesDir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return [];
    throw ioError('cannot list notices', err, { path: noticesDir });
  }
  const notices: Notice[] = [];
  for (const name of names.sort()) {
    const path = join(noticesDir, name);
    if (!name.endsWith(SUFFIX)) {
      await removeIfAbandoned(path, now);
      continue;
    }
    const text = await readFile(path, 'utf8').catch((err: unknown) => {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw ioError('cannot read notice', err, { path });
    });
    if (text === undefined) continue;
    const notice = parseNotice(text);
    if (notice !== undefined) notices.push(notice);
    await unlink(path).catch((err: unknown) => {
      if (errnoCode(err) !== 'ENOENT') throw ioError('cannot remove notice', err, { path });
    });
  }
  return notices;
}

function parseNotice(text: string): Notice | undefined {
  try {
    const v = JSON.parse(text) as Partial<Record<keyof Notice, unknown>>;
    if (typeof v.service === 'string' && typeof v.host === 'string' && typeof v.time === 'number') {
      return { service: v.service, host: v.host, time: v.time };
    }
  } catch {
    // fall through: not a notice
  }
  return undefined;
}

async function removeIfAbandoned(path: string, now: number): Promise<void> {
  try {
    const { mtimeMs } = await stat(path);
    if (now - mtimeMs > ABANDONED_AFTER_MS) await unlink(path);
  } catch {
    // gone already, or not ours to remove: harmless either way
  }
}
