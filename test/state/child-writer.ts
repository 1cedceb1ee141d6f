import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { builtModuleUrl } from './store-fixture.js';

/**
 * Starts `node -e <body>` as an ES module with `StateStore` imported from the
 * compiled tree; the body sees `store` (over argv dirs) and `args` (the rest).
 */
export function spawnStoreScript(body: string, stateDir: string, historyDir: string, args: readonly string[]): ChildProcess {
  const script = `
    const { StateStore } = await import(process.argv[1]);
    const store = new StateStore({ stateDir: process.argv[2], historyDir: process.argv[3], fsync: false });
    const args = process.argv.slice(4);
    ${body}
  `;
  return spawn(process.execPath, ['--input-type=module', '-e', script, builtModuleUrl('src/state/state-store.js'), stateDir, historyDir, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Resolves with the exit code (or signal name) when the child ends, also if it already has. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode ?? -1);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
}
