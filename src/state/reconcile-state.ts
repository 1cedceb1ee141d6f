import type { Dirent } from 'node:fs';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryKind } from '../history/history-paths.js';
import { HISTORY_KINDS } from '../history/history-paths.js';
import type { HistoryStore } from '../history/history-store.js';
import { pairKey } from '../domain/names.js';
import { PairSet } from '../domain/pair-map.js';
import { createFileOnceSync } from './atomic-file.js';
import { NOT_YET } from './check-status.js';
import { CpuSlice } from './cpu-slice.js';
import { errnoCode, ioError, STATE_ERROR_CODES, StateError } from './state-error.js';
import type { StatePaths } from './state-paths.js';

/** What reconcile needs from the configuration (a Config fits). */
export interface ReconcileInput {
  readonly pairs: readonly { readonly service: string; readonly host: string }[];
  /** Defined checks: their state/service/<name> dirs are kept. */
  readonly checks?: ReadonlyMap<string, unknown>;
  /** Classed hosts: their state dirs are kept even without pairs. */
  readonly hostClass?: ReadonlyMap<string, string>;
}

type Pair = ReconcileInput['pairs'][number];

/** What a reload changes in the pairs: computed once, used by reconcileChange and the scheduler. */
export interface PairChange<P extends Pair = Pair> {
  readonly added: readonly P[];
  readonly removed: readonly P[];
  /** pairKey of every pair of the new configuration. */
  readonly keys: ReadonlySet<string>;
}

export function pairChange<P extends Pair>(prev: { readonly pairs: readonly P[] }, next: { readonly pairs: readonly P[] }): PairChange<P> {
  const before = new Set(prev.pairs.map((p) => pairKey(p.service, p.host)));
  const keys = new Set(next.pairs.map((p) => pairKey(p.service, p.host)));
  return {
    added: next.pairs.filter((p) => !before.has(pairKey(p.service, p.host))),
    removed: prev.pairs.filter((p) => !keys.has(pairKey(p.service, p.host))),
    keys,
  };
}

export interface ReconcileReport {
  readonly pairs: number;
  /** Pairs that got a fresh NOT_YET checkstatus. */
  readonly created: number;
  readonly prunedHosts: readonly string[];
  readonly prunedPairs: readonly { readonly service: string; readonly host: string }[];
  readonly prunedServices: readonly string[];
  /** History files whose torn last line was cut off. */
  readonly repaired: readonly { readonly service: string; readonly host: string; readonly bytes: number }[];
  readonly durationMs: number;
}

export interface ReconcileContext {
  readonly paths: StatePaths;
  readonly history: HistoryStore;
  readonly withPairLock: <T>(service: string, host: string, fn: () => Promise<T>) => Promise<T>;
}

const STATUS_TEXT = JSON.stringify(NOT_YET) + '\n';

/**
 * Brings var/ in line with the configuration (start-up and every reload,
 * before the new configuration is swapped in; reference 4.4): creates the
 * skeleton, a state and a history directory and an initial NOT_YET
 * checkstatus for every configured pair, prunes state (never history) of
 * hosts, pairs and services no longer configured, and cuts torn last lines
 * off configured pairs' history files (under the pair lock; a pair whose lock
 * stays held is skipped, its writer's next append repairs it). Idempotent.
 * statedir and historydir must exist (SURVIVOR_STATE_MISSING_DIR); other
 * failures: SURVIVOR_STATE_IO / SURVIVOR_HISTORY_IO.
 *
 * The per-pair work is a few metadata calls of microseconds each. Through the
 * libuv thread pool each call costs ~10 µs of hand-off on top (100 000 pairs:
 * 8 s instead of 3 s on a 2-core machine), so they run synchronously in 5 ms
 * slices that yield to the event loop in between.
 */
export async function reconcileState(ctx: ReconcileContext, input: ReconcileInput): Promise<ReconcileReport> {
  const started = performance.now();
  const { paths, history } = ctx;
  const slice = new CpuSlice();
  requireDir(paths.root, 'statedir');
  requireDir(history.paths.root, 'historydir');
  for (const dir of [...paths.skeleton, history.paths.hostRoot]) makeDir(dir);

  const wanted = new Map<string, Set<string>>();
  for (const { service, host } of input.pairs) wanted.set(host, (wanted.get(host) ?? new Set()).add(service));
  const keepHosts = new Set([...wanted.keys(), ...(input.hostClass?.keys() ?? [])]);

  const prunedHosts: string[] = [];
  for (const entry of listDir(paths.hostRoot)) {
    if (keepHosts.has(entry.name)) continue;
    await remove(join(paths.hostRoot, entry.name));
    prunedHosts.push(entry.name);
  }

  // One listing per host tells which pair directories exist, so most pairs need no mkdir.
  const prunedPairs: { service: string; host: string }[] = [];
  const stateHave = new PairSet();
  const historyHave = new PairSet();
  for (const host of keepHosts) {
    await slice.check();
    const services = wanted.get(host) ?? new Set<string>();
    for (const entry of listDirOrCreate(paths.hostDir(host))) {
      if (services.has(entry.name)) stateHave.add(entry.name, host);
      else if (entry.isDirectory()) {
        await remove(join(paths.hostDir(host), entry.name));
        prunedPairs.push({ service: entry.name, host });
      }
    }
    if (!wanted.has(host)) continue;
    for (const entry of listDirOrCreate(history.paths.hostDir(host))) {
      if (services.has(entry.name)) historyHave.add(entry.name, host);
    }
  }

  let created = 0;
  const torn: { service: string; host: string; kinds: HistoryKind[] }[] = [];
  for (const { service, host } of input.pairs) {
    await slice.check();
    if (ensurePairState(ctx, service, host, stateHave.has(service, host))) created++;
    if (historyHave.has(service, host)) {
      const kinds = tornKinds(history.paths.pairDir(service, host));
      if (kinds.length > 0) torn.push({ service, host, kinds });
    } else makeDir(history.paths.pairDir(service, host));
  }

  const repaired: { service: string; host: string; bytes: number }[] = [];
  for (const { service, host, kinds } of torn) {
    const bytes = await ctx.withPairLock(service, host, () => history.repair(service, host, kinds)).catch(lockedIsZero);
    if (bytes > 0) repaired.push({ service, host, bytes });
  }

  const prunedServices = await reconcileServiceDirs(paths, [...(input.checks?.keys() ?? []), ...input.pairs.map((p) => p.service)]);
  return { pairs: input.pairs.length, created, prunedHosts, prunedPairs, prunedServices, repaired, durationMs: performance.now() - started };
}

/**
 * reconcileState for a reload from `prev` to `next`: only the pairs, hosts
 * and services the change adds or removes are touched (a reload of 100,000
 * pairs that changes a few costs a few directories, not 500,000 calls).
 * Unchanged pairs were reconciled when they came in; torn history tails come
 * from crashes and were cut at start-up, our own appends repair their tails
 * since. An added pair whose history already exists (configured again) gets
 * its torn tails cut as at start-up.
 */
export async function reconcileChange(ctx: ReconcileContext, prev: ReconcileInput, next: ReconcileInput, change = pairChange(prev, next)): Promise<ReconcileReport> {
  const started = performance.now();
  const { paths, history } = ctx;
  requireDir(paths.root, 'statedir');
  requireDir(history.paths.root, 'historydir');
  for (const dir of [...paths.skeleton, history.paths.hostRoot]) makeDir(dir);

  const keepHosts = new Set([...next.pairs.map((p) => p.host), ...(next.hostClass?.keys() ?? [])]);

  const prunedHosts: string[] = [];
  const prunedPairs: { service: string; host: string }[] = [];
  const goneHosts = new Set([...prev.pairs.map((p) => p.host), ...(prev.hostClass?.keys() ?? [])].filter((h) => !keepHosts.has(h)));
  for (const host of goneHosts) {
    await remove(paths.hostDir(host));
    prunedHosts.push(host);
  }
  for (const { service, host } of change.removed) {
    if (goneHosts.has(host)) continue;
    await remove(paths.pairDir(service, host));
    prunedPairs.push({ service, host });
  }

  let created = 0;
  const repaired: { service: string; host: string; bytes: number }[] = [];
  for (const { service, host } of change.added) {
    if (ensurePairState(ctx, service, host, false)) created++;
    const historyDir = history.paths.pairDir(service, host);
    if (!existsSync(historyDir)) {
      makeDir(historyDir);
      continue;
    }
    const kinds = tornKinds(historyDir);
    if (kinds.length === 0) continue;
    const bytes = await ctx.withPairLock(service, host, () => history.repair(service, host, kinds)).catch(lockedIsZero);
    if (bytes > 0) repaired.push({ service, host, bytes });
  }

  const prunedServices = await reconcileServiceDirs(paths, [...(next.checks?.keys() ?? []), ...next.pairs.map((p) => p.service)]);
  return { pairs: next.pairs.length, created, prunedHosts, prunedPairs, prunedServices, repaired, durationMs: performance.now() - started };
}

/** A pair whose lock stays held is not repaired now: its writer's next append repairs it. */
function lockedIsZero(err: unknown): number {
  if (err instanceof StateError && err.code === STATE_ERROR_CODES.LOCKED) return 0;
  throw err;
}

/** Creates the pair dir and a NOT_YET checkstatus when missing. True when created. */
function ensurePairState(ctx: ReconcileContext, service: string, host: string, dirExists: boolean): boolean {
  const path = ctx.paths.checkStatus(service, host);
  if (!dirExists) makeDir(ctx.paths.pairDir(service, host));
  else if (existsSync(path)) return false;
  // Never fsynced: a NOT_YET lost to a power failure costs nothing (an empty file reads as absent,
  // the next result rewrites it), while 100 000 fsyncs would make a first start take minutes.
  return createFileOnceSync(path, STATUS_TEXT, false);
}

/** The history files of a pair directory that end in a torn line: one byte read each, no lock. */
function tornKinds(dir: string): HistoryKind[] {
  const torn: HistoryKind[] = [];
  const one = Buffer.alloc(1);
  try {
    const names = new Set(readdirSync(dir));
    for (const kind of HISTORY_KINDS) {
      if (!names.has(kind)) continue;
      const fd = openSync(join(dir, kind), 'r');
      try {
        const { size } = fstatSync(fd);
        if (size > 0 && (readSync(fd, one, 0, 1, size - 1) !== 1 || one[0] !== 0x0a)) torn.push(kind);
      } finally {
        closeSync(fd);
      }
    }
  } catch (err) {
    throw new StateError(STATE_ERROR_CODES.HISTORY_IO, 'cannot check history files', { path: dir, cause: err });
  }
  return torn;
}

async function reconcileServiceDirs(paths: StatePaths, services: readonly string[]): Promise<string[]> {
  const keep = new Set(services);
  const pruned: string[] = [];
  for (const entry of listDir(paths.serviceRoot)) {
    if (keep.has(entry.name)) continue;
    await remove(join(paths.serviceRoot, entry.name));
    pruned.push(entry.name);
  }
  for (const service of keep) if (!existsSync(paths.serviceDir(service))) makeDir(paths.serviceDir(service));
  return pruned;
}

function requireDir(dir: string, what: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    throw new StateError(STATE_ERROR_CODES.MISSING_DIR, `${what} does not exist or cannot be reached`, { path: dir, cause: err });
  }
  if (!isDir) throw new StateError(STATE_ERROR_CODES.MISSING_DIR, `${what} is not a directory`, { path: dir });
}

function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw ioError('cannot create directory', err, { path: dir });
  }
}

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return [];
    throw ioError('cannot list directory', err, { path: dir });
  }
}

function listDirOrCreate(dir: string): Dirent[] {
  const entries = listDir(dir);
  if (entries.length === 0) makeDir(dir);
  return entries;
}

async function remove(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true }).catch((err: unknown) => {
    throw ioError('cannot prune state', err, { path });
  });
}
