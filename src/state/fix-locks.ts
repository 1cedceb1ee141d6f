/**
 * Fix locks (reference 4.1, 5.13): one file per running fix in
 * <statedir>/fix/locks/, named `<svc>@<host>` (pair scope), `*@<host>` (host
 * scope) or `<svc>@*` (service scope), created with O_EXCL and holding
 * {"pid","time","who"}. Taking and releasing them is serialised by the lock
 * <statedir>/fix/lock, so "look for conflicts, then create" cannot race.
 */
import { mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errnoCode, ioError } from './state-error.js';

export type FixLockScope = 'pair' | 'host' | 'service';

export interface FixLockRequest {
  readonly service: string;
  readonly host: string;
  /** Fix.lockScope of check.cf (`lock = pair|host|service`). */
  readonly scope: FixLockScope;
  /** A conflicting lock older than this (ms) is stale: its holder died; it is removed. */
  readonly expiryMs: number;
  /** Recorded in the lock for "held by …" messages. */
  readonly who: string;
}

export type FixLockResult =
  | { readonly ok: true; readonly lock: string; release(): Promise<void> }
  /** Refused: a live conflicting lock `lock` exists (1.0: "the fix may already be running"); `holder` says who took it and when. */
  | { readonly ok: false; readonly lock: string; readonly holder: string };

/** What taking a fix lock needs from the store. */
export interface FixLockDeps {
  readonly locksDir: string;
  /** Runs `fn` holding <statedir>/fix/lock. */
  readonly withGuard: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Epoch ms now. */
  readonly clock: () => number;
}

/** The lock file name for a request. Pure. */
export function fixLockName(scope: FixLockScope, service: string, host: string): string {
  if (scope === 'host') return `*@${host}`;
  if (scope === 'service') return `${service}@*`;
  return `${service}@${host}`;
}

/**
 * Does the existing lock `name` conflict with a new lock of `scope` for
 * service@host (reference 5.13)? Pair scope: `svc@host`, `*@host` and `svc@*`;
 * host scope: anything `…@host`; service scope: anything `svc@…`. Pure.
 */
export function conflictsWith(scope: FixLockScope, service: string, host: string, name: string): boolean {
  if (scope === 'host') return name.endsWith(`@${host}`);
  if (scope === 'service') return name.startsWith(`${service}@`);
  return name === `${service}@${host}` || name === `*@${host}` || name === `${service}@*`;
}

interface LockContent {
  readonly pid?: number;
  readonly time?: number;
  readonly who?: string;
}

/**
 * Takes the fix lock for `req`: conflicting locks older than req.expiryMs are
 * removed, a younger one refuses (ok false, with who holds it). On success
 * the returned release() removes the lock file if it is still ours (a lock
 * expired and taken over by someone else is left alone). Failures:
 * SURVIVOR_STATE_IO, and the guard lock's SURVIVOR_STATE_LOCKED.
 */
export async function acquireFixLock(deps: FixLockDeps, req: FixLockRequest): Promise<FixLockResult> {
  const lock = fixLockName(req.scope, req.service, req.host);
  const path = join(deps.locksDir, lock);
  return deps.withGuard(async () => {
    const now = deps.clock();
    for (const name of await listLocks(deps.locksDir)) {
      if (!conflictsWith(req.scope, req.service, req.host, name)) continue;
      const held = await readLock(join(deps.locksDir, name));
      if (held === undefined) continue;
      if (now - held.time > req.expiryMs) {
        await removeIfPresent(join(deps.locksDir, name));
        continue;
      }
      return { ok: false as const, lock: name, holder: describeHolder(held.content, held.time) };
    }
    const content = { pid: process.pid, time: now, who: req.who };
    const created = await createExclusive(path, JSON.stringify(content) + '\n');
    if (!created) return { ok: false as const, lock, holder: 'another process (the lock appeared while being taken)' };
    return { ok: true as const, lock, release: () => deps.withGuard(() => releaseIfOurs(path, content)) };
  });
}

async function listLocks(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return [];
    throw ioError('cannot list fix locks', err, { path: dir });
  }
}

/** The lock's content and age basis (its time, else the file's mtime); undefined when it vanished. */
async function readLock(path: string): Promise<{ content: LockContent; time: number } | undefined> {
  try {
    const [textContent, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const content = parseContent(textContent);
    return { content, time: content.time ?? info.mtimeMs };
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw ioError('cannot read fix lock', err, { path });
  }
}

function parseContent(textContent: string): LockContent {
  try {
    const v = JSON.parse(textContent) as Record<string, unknown>;
    return {
      ...(typeof v.pid === 'number' ? { pid: v.pid } : {}),
      ...(typeof v.time === 'number' && Number.isFinite(v.time) ? { time: v.time } : {}),
      ...(typeof v.who === 'string' ? { who: v.who } : {}),
    };
  } catch {
    // Empty (its writer is between open and write) or foreign: judged by mtime.
    return {};
  }
}

/** "alice (pid 4242) since 2026-11-21T09:30:00.000Z": who holds a lock, for messages that name the lock themselves. */
function describeHolder(content: LockContent, time: number): string {
  const pid = content.pid === undefined ? '' : ` (pid ${content.pid})`;
  return `${content.who ?? 'unknown'}${pid} since ${new Date(time).toISOString()}`;
}

async function createExclusive(path: string, content: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx').catch(async (err: unknown) => {
      // Before the daemon's first reconcile the directory may not exist yet.
      if (errnoCode(err) !== 'ENOENT') throw err;
      await mkdir(dirname(path), { recursive: true });
      return open(path, 'wx');
    });
  } catch (err) {
    if (errnoCode(err) === 'EEXIST') return false;
    throw ioError('cannot create fix lock', err, { path });
  }
  try {
    await fh.writeFile(content);
    return true;
  } catch (err) {
    await unlink(path).catch(() => undefined);
    throw ioError('cannot write fix lock', err, { path });
  } finally {
    await fh.close();
  }
}

async function releaseIfOurs(path: string, ours: { pid: number; time: number }): Promise<void> {
  const held = await readLock(path);
  if (held === undefined || held.content.pid !== ours.pid || held.content.time !== ours.time) return;
  await removeIfPresent(path);
}

async function removeIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw ioError('cannot remove fix lock', err, { path });
  }
}
