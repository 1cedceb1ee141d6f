import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { builtModuleUrl } from './store-fixture.js';

/**
 * Starts `node -e <body>` as an ES module with a StateStore and an AlertStore
 * over the given dirs (compiled tree); the body sees `store`, `alerts` and
 * `args` (the rest of argv).
 */
export function spawnAlertScript(body: string, stateDir: string, historyDir: string, args: readonly string[]): ChildProcess {
  const script = `
    const { StateStore } = await import(process.argv[1]);
    const { AlertStore } = await import(process.argv[2]);
    const store = new StateStore({ stateDir: process.argv[3], historyDir: process.argv[4], fsync: false });
    const alerts = new AlertStore(store);
    const args = process.argv.slice(5);
    ${body}
  `;
  const urls = [builtModuleUrl('src/state/state-store.js'), builtModuleUrl('src/state/alert-store.js')];
  return spawn(process.execPath, ['--input-type=module', '-e', script, ...urls, stateDir, historyDir, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}
