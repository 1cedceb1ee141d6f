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
 * Writer threads for a daemon with `pairs` pairs (every minute, at worst): 1
 * up to 20,000, 2 up to 80,000, then 3. One thread saturates at ~1,000
 * results a second with fsync on (two flushes each), and more threads than
 * needed cost CPU: at 60,000 checks a minute, ss used 53.9 % of a core with
 * one thread (falling behind), 43.7 % with two, 51.9 % with four (their
 * fsyncs and renames contend in the kernel; bench/README.md). Each thread
 * also costs ~10 MB of resident memory.
 */
export function writerThreadsFor(pairs: number): number {
  return pairs <= 20_000 ? 1 : pairs <= 80_000 ? 2 : 3;
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
