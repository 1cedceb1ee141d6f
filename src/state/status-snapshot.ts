import { existsSync, readFileSync, statSync } from 'node:fs';
import type { CheckStatus } from './check-status.js';
import { disableInForce, parsePairDisable, type PairDisable } from './disable-store.js';
import { parseCheckStatus } from './parse-check-status.js';
import type { PairKey, StateStore, StoreContext } from './state-store.js';

interface Cached<T> {
  /** mtime (ms) and size of the file when read; -1 when it did not exist. */
  readonly mtimeMs: number;
  readonly size: number;
  readonly value: T | undefined;
}

/** The checkstatus and the disable in force of every pair asked for, in the order asked. */
export interface Snapshot {
  readonly statuses: readonly (CheckStatus | undefined)[];
  /** Only records in force at the refresh's `now` (an ended pause is undefined). */
  readonly disables: readonly (PairDisable | undefined)[];
  /** Something differs from the previous refresh (always true the first time). */
  readonly changed: boolean;
}

const ABSENT = { mtimeMs: -1, size: -1 };

/**
 * The checkstatus and `disabled` files of many pairs for `sc status` and
 * `sc monitor`, read synchronously: for a command that only reads, a stat and
 * a read per file in one thread is more than ten times faster than the same
 * calls through libuv's thread pool (10,000 pairs: ~0.1 s against ~1 s).
 * Each refresh stats the files and re-reads only those whose mtime or size
 * changed since the previous refresh of the same snapshot, so the monitor's
 * repeated refreshes over quiet pairs cost stats, not reads. Missing, empty,
 * unreadable or corrupt files count as absent. Not for the daemon: it blocks
 * the event loop for the whole refresh.
 */
export class StatusSnapshot {
  private readonly ctx: StoreContext;
  private readonly statuses = new Map<string, Cached<CheckStatus>>();
  private readonly disables = new Map<string, Cached<PairDisable>>();
  private first = true;

  constructor(store: StateStore) {
    this.ctx = store.context;
  }

  /** Refreshes `pairs` at `now` (epoch ms, to drop pauses that ended). Never throws. */
  refresh(pairs: readonly PairKey[], now: number): Snapshot {
    // The first refresh reads without stats (most of the time of a one-shot `sc status`); the cache it
    // leaves has unknown mtimes, so the monitor's second refresh re-reads each file once and then only changes.
    const fresh = this.first;
    let changed = fresh;
    this.first = false;
    const statuses: (CheckStatus | undefined)[] = [];
    const disables: (PairDisable | undefined)[] = [];
    for (const p of pairs) {
      const key = `${p.service}\0${p.host}`;
      let dir: string;
      try {
        dir = this.ctx.paths.pairDir(p.service, p.host);
      } catch {
        statuses.push(undefined);
        disables.push(undefined);
        continue;
      }
      const readStatus = (t: string): CheckStatus | undefined => parseCheckStatus(t).status;
      const readDisabled = (t: string): PairDisable | undefined => parsePairDisable(t).record;
      const status = fresh ? remember(this.statuses, key, readOnce(`${dir}/checkstatus`, readStatus, false)) : cached(this.statuses, key, `${dir}/checkstatus`, readStatus);
      const disabled = fresh ? remember(this.disables, key, readOnce(`${dir}/disabled`, readDisabled, true)) : cached(this.disables, key, `${dir}/disabled`, readDisabled);
      if (status.changed || disabled.changed) changed = true;
      statuses.push(status.value);
      disables.push(disableInForce(disabled.value, now) ? disabled.value : undefined);
    }
    return { statuses, disables, changed };
  }
}

const UNKNOWN = { mtimeMs: -2, size: -2 };

/** Reads a file without a stat; `probe` first asks whether it exists (cheaper than a failed open for files that are rarely there). */
function readOnce<T>(path: string, parse: (text: string) => T | undefined, probe: boolean): T | undefined {
  if (probe && !existsSync(path)) return undefined;
  try {
    const text = readFileSync(path, 'utf8');
    return text === '' ? undefined : parse(text);
  } catch {
    return undefined;
  }
}

function remember<T>(cache: Map<string, Cached<T>>, key: string, value: T | undefined): { value: T | undefined; changed: boolean } {
  cache.set(key, { ...UNKNOWN, value });
  return { value, changed: true };
}

function cached<T>(cache: Map<string, Cached<T>>, key: string, path: string, parse: (text: string) => T | undefined): { value: T | undefined; changed: boolean } {
  let seen: { mtimeMs: number; size: number } = ABSENT;
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st !== undefined) seen = { mtimeMs: st.mtimeMs, size: st.size };
  } catch {
    // unreadable directory: absent
  }
  const old = cache.get(key);
  if (old !== undefined && old.mtimeMs === seen.mtimeMs && old.size === seen.size) return { value: old.value, changed: false };
  let value: T | undefined;
  if (seen !== ABSENT && seen.size > 0) {
    try {
      value = parse(readFileSync(path, 'utf8'));
    } catch {
      value = undefined; // replaced or removed between stat and read: the next refresh sees it
    }
  }
  cache.set(key, { ...seen, value });
  return { value, changed: old === undefined || old.value !== value };
}
