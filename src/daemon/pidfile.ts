import { openSync, readFileSync, unlinkSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Thrown when another live process holds the pidfile (code SURVIVOR_ALREADY_RUNNING). */
export class AlreadyRunningError extends Error {
  readonly code = 'SURVIVOR_ALREADY_RUNNING';
  constructor(readonly pidFile: string, readonly pid: number) {
    super(`another scheduler is running on this instance (pid ${pid}, pidfile ${pidFile})`);
  }
}

/** Does a process with this pid exist (EPERM: it exists but belongs to someone else)? */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid recorded in a pidfile when that process is alive, else undefined. */
export function runningPid(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/**
 * Writes `pid` into `path`, created exclusively; a pidfile left by a dead process is
 * replaced. Throws AlreadyRunningError when a live process holds it.
 */
export function acquirePidfile(path: string, pid = process.pid): void {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = runningPid(path);
    if (holder !== undefined && holder !== pid) throw new AlreadyRunningError(path, holder);
    try {
      unlinkSync(path); // stale: its process is gone
    } catch {
      // someone else removed it first; try again
    }
  }
  throw new Error(`cannot create pidfile ${path}`);
}

/** Removes the pidfile if it still names `pid`. */
export function releasePidfile(path: string, pid = process.pid): void {
  try {
    if (Number.parseInt(readFileSync(path, 'utf8').trim(), 10) === pid) unlinkSync(path);
  } catch {
    // already gone
  }
}
