import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errnoCode, STATE_ERROR_CODES, StateError } from './state-error.js';

export interface PairLockOptions {
  /** A lock directory whose mtime is older than this is taken over (ms, ≥ 2000). Default 10 000. */
  readonly staleMs?: number;
  /** How long to wait for a held lock before failing with SURVIVOR_STATE_LOCKED (ms). Default 20 000. */
  readonly waitMs?: number;
}

/** Where a lock belongs, for error messages. */
export interface LockOwner {
  readonly service: string;
  readonly host: string;
}

/**
 * Serialises every writer of one service@host pair: across processes with a
 * proper-lockfile directory (<pair dir>/lock), and within this process with a
 * promise chain per lock so that in-process callers queue in order instead of
 * polling the file system. One instance per process is enough.
 */
export class PairLock {
  /** proper-lockfile `stale`: a lock directory older than this may be taken over. */
  readonly staleMs: number;
  private readonly waitMs: number;
  private readonly tails = new Map<string, Promise<void>>();

  constructor(opts: PairLockOptions = {}) {
    this.staleMs = Math.max(opts.staleMs ?? 10_000, 2000);
    this.waitMs = opts.waitMs ?? 2 * this.staleMs;
  }

  /**
   * Runs `fn` while holding the lock directory `lockDir`, creating its parent
   * when missing. Contention is retried with jittered exponential backoff
   * (2 ms growing to 200 ms) until waitMs has passed, then fails with
   * SURVIVOR_STATE_LOCKED. Other lock failures are SURVIVOR_STATE_IO; if the
   * lock was taken over while `fn` ran (held past staleMs because this process
   * stalled) the call fails with SURVIVOR_STATE_LOCK_COMPROMISED after `fn`.
   */
  async withLock<T>(lockDir: string, owner: LockOwner, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(lockDir) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = before.then(() => mine);
    this.tails.set(lockDir, tail);
    await before;
    try {
      return await this.holdFileLock(lockDir, owner, fn);
    } finally {
      done();
      if (this.tails.get(lockDir) === tail) this.tails.delete(lockDir);
    }
  }

  private async holdFileLock<T>(lockDir: string, owner: LockOwner, fn: () => Promise<T>): Promise<T> {
    let compromised: Error | undefined;
    const release = await this.acquire(lockDir, owner, (err) => (compromised = err));
    let result: T;
    try {
      result = await fn();
    } finally {
      // ERELEASED after a compromise is expected; anything else leaves a lock that goes stale.
      await release().catch(() => undefined);
    }
    if (compromised !== undefined) {
      throw new StateError(STATE_ERROR_CODES.LOCK_COMPROMISED, 'pair lock was taken over while held', {
        ...owner,
        path: lockDir,
        cause: compromised,
      });
    }
    return result;
  }

  private async acquire(lockDir: string, owner: LockOwner, onCompromised: (err: Error) => void): Promise<() => Promise<void>> {
    const parent = dirname(lockDir); // the pair's state directory, or <lock directory>/<host>
    const deadline = Date.now() + this.waitMs;
    const options = { lockfilePath: lockDir, realpath: false, stale: this.staleMs, retries: 0, onCompromised };
    let createdDir = false;
    for (let attempt = 0; ; attempt++) {
      try {
        // Imported on first use: read-only commands (sc status, sc checkhistory) never load it (~15 ms).
        const { lock } = await import('proper-lockfile');
        // proper-lockfile keys its registry by this path: the lock directory itself is unique per pair
        // (the parent is not, once several services of a host share <lock directory>/<host>).
        return await lock(lockDir, options);
      } catch (err) {
        const code = errnoCode(err);
        if (code === 'ENOENT' && !createdDir) {
          createdDir = true;
          await mkdir(parent, { recursive: true }).catch(() => undefined);
          continue;
        }
        if (code !== 'ELOCKED') {
          throw new StateError(STATE_ERROR_CODES.IO, 'cannot take pair lock', { ...owner, path: lockDir, cause: err });
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          throw new StateError(STATE_ERROR_CODES.LOCKED, `pair lock still held after ${this.waitMs} ms`, {
            ...owner,
            path: lockDir,
            cause: err,
          });
        }
        await sleep(Math.min(remaining, backoffMs(attempt)));
      }
    }
  }
}

/** 2 ms doubling up to 200 ms, jittered ±50 % so that waiting writers do not retry in lockstep. */
function backoffMs(attempt: number): number {
  return Math.min(200, 2 * 2 ** attempt) * (0.5 + Math.random());
}
