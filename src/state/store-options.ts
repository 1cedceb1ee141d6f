/** How a StateStore is set up, and what an instance's configuration asks for (ss, sc and sw must agree). */
import type { PairLockOptions } from './pair-lock.js';
import type { ThreadFailure } from './record-writer.js';

export interface StateStoreOptions {
  readonly stateDir: string;
  readonly historyDir: string;
  /** fsync state files before rename (InstanceConfig.stateFsync). */
  readonly fsync: boolean;
  /** Where pair locks live (InstanceConfig.lockDir); default inside each pair's state directory. */
  readonly lockDir?: string;
  /** Epoch ms now; injected by tests. Default Date.now. */
  readonly clock?: () => number;
  readonly lock?: PairLockOptions;
  /** Pairs processed at once by the batch operations. Default 32. */
  readonly concurrency?: number;
  /**
   * recordResults on a writer thread with synchronous calls (the daemon: a
   * fraction of the CPU per result, record-sync.ts); a pair whose lock is
   * held, or any batch the thread cannot take, goes the asynchronous way.
   */
  readonly writerThread?: boolean;
  /** How many writer threads (default 4): each costs a few MB; see writerThreadsFor. */
  readonly writerThreads?: number;
  /** Told when a writer thread dies (the daemon logs it); its batches are then recorded the waiting way. */
  readonly onWriterFailure?: (failure: ThreadFailure) => void;
}

/**
 * Writer threads for a daemon with `pairs` pairs: one thread records ~900
 * results a second with fsync on (two flushes each), so 1 up to 20,000 pairs,
 * 2 up to 50,000, then 4; each thread costs ~10 MB of resident memory.
 */
export function writerThreadsFor(pairs: number): number {
  return pairs <= 20_000 ? 1 : pairs <= 50_000 ? 2 : 4;
}

/** The store options an instance's configuration asks for (ss, sc and sw must agree on them, locks above all). */
export function instanceStoreOptions(instance: { readonly stateDir: string; readonly historyDir: string; readonly stateFsync: boolean; readonly lockDir?: string }): StateStoreOptions {
  return {
    stateDir: instance.stateDir,
    historyDir: instance.historyDir,
    fsync: instance.stateFsync,
    ...(instance.lockDir !== undefined ? { lockDir: instance.lockDir } : {}),
  };
}
