import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runningPid } from './pidfile.js';

/** Environment variable telling a re-executed `ss` which role it plays. */
export const ROLE_ENV = 'SURVIVOR_SS_ROLE';
export type SsRole = 'keepalive' | 'scheduler-under-keepalive';

/**
 * Node cannot fork, so daemonizing re-executes `ss` detached (its own session,
 * stdin from /dev/null, stdout/stderr appended to `logFile`) and waits until the
 * child has written the pidfile. Resolves to the child's pid, or throws when it
 * died or did not come up within `waitMs`.
 */
export async function daemonize(options: {
  script: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  pidFile: string;
  waitMs?: number;
}): Promise<number> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const fd = openSync(options.logFile, 'a', 0o640);
  const child = spawn(process.execPath, [options.script, ...options.args], {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: options.env,
  });
  closeSync(fd);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });
  child.unref();
  const deadline = Date.now() + (options.waitMs ?? 15_000);
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`the scheduler exited during start-up (status ${String(exited)}); see ${options.logFile}`);
    const pid = runningPid(options.pidFile);
    if (pid !== undefined) return pid;
    await sleep(50);
  }
  throw new Error(`the scheduler did not write ${options.pidFile} in time; see ${options.logFile}`);
}
