import { readdir, rmdir } from 'node:fs/promises';
import { errnoCode } from '../state/state-error.js';
import { nameProblem } from '../domain/names.js';
import type { ArchiveDestination } from './archive-destination.js';
import { archiveTarget } from './archive-destination.js';
import type { ArchiveCount } from './archive-history-file.js';
import { archiveHistoryFile } from './archive-history-file.js';
import type { HistoryKind, HistoryPaths } from './history-paths.js';
import { HISTORY_KINDS } from './history-paths.js';
import { historyIo } from './repair-torn-tail.js';

/** Runs `fn` holding the lock that guards the pair's history appends. */
export type WithLock = <T>(service: string, host: string, fn: () => Promise<T>) => Promise<T>;

export interface ArchiveRun {
  readonly paths: HistoryPaths;
  readonly destination: ArchiveDestination;
  /** Epoch ms, inclusive; absent = no lower bound. */
  readonly from?: number;
  /** Epoch ms, exclusive; absent = no upper bound. */
  readonly until?: number;
  /** History of a pair no longer configured: emptied files are removed, then the pair (and host) directory if empty. */
  readonly stale: boolean;
  readonly withLock: WithLock;
}

/** The outcome for one history file: its counts, or the error (the other files go on). */
export type FileOutcome = { readonly kind: HistoryKind; readonly count: ArchiveCount; readonly error?: undefined } | { readonly kind: HistoryKind; readonly count?: undefined; readonly error: Error };

/**
 * Archives the four history files of one pair, each under its own hold of the
 * pair lock (held per file so the scheduler's appends wait for one file's copy,
 * not four). Never rejects for one file's failure: each outcome carries its
 * counts or its error. For stale pairs, emptied files are removed and then the
 * pair and host directories, when nothing else is left in them.
 */
export async function archivePairHistory(run: ArchiveRun, service: string, host: string): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  for (const kind of HISTORY_KINDS) {
    try {
      const count = await run.withLock(service, host, () =>
        archiveHistoryFile({
          path: run.paths.file(service, host, kind),
          target: archiveTarget(run.destination, service, host, kind),
          removeIfEmpty: run.stale,
          ...(run.from !== undefined ? { from: run.from } : {}),
          ...(run.until !== undefined ? { until: run.until } : {}),
        }),
      );
      outcomes.push({ kind, count });
    } catch (err) {
      outcomes.push({ kind, error: err as Error });
    }
  }
  if (run.stale) await removeEmptyDir(run.paths.pairDir(service, host)).then((gone) => (gone ? removeEmptyDir(run.paths.hostDir(host)) : false));
  return outcomes;
}

/**
 * Every service@host with a history directory under <historydir>/host, in
 * name order. Entries that are not valid names or not directories are
 * skipped. Failures: SURVIVOR_HISTORY_IO.
 */
export async function listHistoryPairs(paths: HistoryPaths): Promise<{ service: string; host: string }[]> {
  const pairs: { service: string; host: string }[] = [];
  for (const host of await listDirs(paths.hostRoot)) {
    if (nameProblem(host) !== undefined) continue;
    for (const service of await listDirs(paths.hostDir(host))) {
      if (nameProblem(service) === undefined) pairs.push({ service, host });
    }
  }
  return pairs;
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return [];
    throw historyIo('cannot list history directory', dir, err);
  }
}

/** rmdir that succeeds only on an empty directory; true when it is gone. */
async function removeEmptyDir(dir: string): Promise<boolean> {
  try {
    await rmdir(dir);
    return true;
  } catch (err) {
    return errnoCode(err) === 'ENOENT';
  }
}
