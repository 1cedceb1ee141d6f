import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { StateStoreOptions } from '../../src/state/state-store.js';
import { StateStore } from '../../src/state/state-store.js';
import { makeTempDir } from '../helpers/temp-dir.js';

export interface StoreFixture {
  readonly dir: string;
  readonly stateDir: string;
  readonly historyDir: string;
  readonly store: StateStore;
}

/** A StateStore over fresh statedir/historydir under a temp dir (removed after the test file). */
export async function makeStore(opts: Partial<StateStoreOptions> = {}): Promise<StoreFixture> {
  const dir = await makeTempDir('survivor-state-');
  const stateDir = join(dir, 'state');
  const historyDir = join(dir, 'history');
  await mkdir(stateDir);
  await mkdir(historyDir);
  const store = new StateStore({ stateDir, historyDir, fsync: false, ...opts });
  return { dir, stateDir, historyDir, store };
}

/** The compiled module at `rel` (from the build root) as a file URL, for child processes. */
export function builtModuleUrl(rel: string): string {
  return new URL(`../../${rel}`, import.meta.url).href;
}
