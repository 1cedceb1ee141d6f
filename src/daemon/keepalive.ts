import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';

/** A crashed scheduler is restarted, but never twice within this period (1.0: once a minute). */
export const MIN_RESTART_INTERVAL_MS = 60_000;

/**
 * The `ss -k` monitor: runs the scheduler as a child, forwards SIGHUP to it, stops it
 * and exits on SIGTERM/SIGINT/SIGQUIT, and restarts it when it dies by itself. Unlike
 * 1.0, which gave up, a scheduler that keeps crashing is retried once a minute.
 */
export function runKeepalive(options: {
  script: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  log: Logger;
  onExit: (code: number) => void;
}): void {
  let child: ChildProcess | undefined;
  let lastStart = 0;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;

  const start = (): void => {
    lastStart = Date.now();
    child = spawn(process.execPath, [options.script, ...options.args], { stdio: 'inherit', env: options.env });
    options.log.info({ pid: child.pid }, 'keepalive: scheduler started');
    child.on('exit', (code, signal) => {
      child = undefined;
      if (stopping) return options.onExit(0);
      const wait = Math.max(0, lastStart + MIN_RESTART_INTERVAL_MS - Date.now());
      options.log.error({ code, signal, restartInMs: wait }, 'keepalive: scheduler died; restarting');
      restartTimer = setTimeout(start, wait);
    });
  };

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      child?.kill('SIGKILL');
      return;
    }
    stopping = true;
    if (restartTimer !== undefined) clearTimeout(restartTimer);
    if (child === undefined) return options.onExit(0);
    child.kill(signal);
  };

  process.on('SIGHUP', () => child?.kill('SIGHUP'));
  for (const s of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) process.on(s, () => stop(s));
  start();
}
