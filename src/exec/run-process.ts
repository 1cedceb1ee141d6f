/**
 * Runs one module process the way SURVIVOR 1.0 did (own session, kill the
 * whole group on timeout) and reports what happened as one ProcessOutcome.
 * This file is loaded by the tiny executor processes, so it imports only
 * node: builtins and files that do the same.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { CappedOutput } from './capped-output.js';
import { processRequestProblem } from './process-request-problem.js';
import type { ProcessOutcome, ProcessRequest } from './process-run.js';
import { describeStartError } from './describe-start-error.js';

export interface RunProcessOptions {
  /** Aborting SIGKILLs the process group at once (executor shutdown, runner close). */
  readonly signal?: AbortSignal;
  /** Called with the pid (which is also the process group id) once the process runs. */
  readonly onSpawn?: (pid: number) => void;
  /**
   * After the main process exits, how long (ms) stdout/stderr may stay open,
   * held by a background child, before the group is killed. Default 200.
   */
  readonly drainMs?: number;
}

const DEFAULT_DRAIN_MS = 200;
/** After the final SIGKILL, how long (ms) the pipes get to report EOF before we stop reading them. */
const LINGER_MS = 100;
/** setTimeout fires at once for delays past 2^31-1 ms; such timeouts mean "practically never". */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Starts `request.argv` in a new session (so it leads its own process group),
 * with exactly `request.env` and `request.cwd`, writes `request.stdin` and
 * closes it, and collects stdout/stderr up to `maxOutputBytes` each.
 *
 * - Timeout (`timeoutMs`): SIGTERM to the group, SIGKILL to the group
 *   `graceMs` later; the outcome says `timedOut`.
 * - When the main process has exited the group is always SIGKILLed: a module
 *   must not leave work behind (1.0's rule), and a leftover child would keep
 *   running unsupervised, pile up over thousands of runs and may hold the
 *   output pipe. If a background child still holds stdout/stderr, the run
 *   waits `drainMs` for it before the kill, then stops reading.
 * - A process that cannot start resolves with `startError` set.
 *
 * Never rejects and never throws; every timer, listener and pipe is released
 * when the promise settles. The group kill by pgid relies on the kernel not
 * reusing a pid still in use as a pgid; the only race left is a freed pgid
 * being reused in the moments between exit and kill, which needs a full pid
 * wrap-around in that window.
 */
export function runProcess(request: ProcessRequest, options: RunProcessOptions = {}): Promise<ProcessOutcome> {
  const startedAt = Date.now();
  const problem = processRequestProblem(request);
  if (problem !== undefined) return Promise.resolve(notStarted(startedAt, 0, problem));
  if (options.signal?.aborted === true) return Promise.resolve(notStarted(startedAt, 0, 'aborted before start'));
  return new Promise((resolve) => {
    watch(request, options, startedAt, resolve);
  });
}

function watch(
  request: ProcessRequest,
  options: RunProcessOptions,
  startedAt: number,
  resolve: (outcome: ProcessOutcome) => void,
): void {
  const begin = performance.now();
  const elapsed = (): number => Math.round(performance.now() - begin);
  const [file, ...args] = request.argv as [string, ...string[]];
  const failToStart = (err: unknown): void => {
    void describeStartError(err, file, request.cwd).then((reason) => resolve(notStarted(startedAt, elapsed(), reason)));
  };

  let child: ChildProcess;
  try {
    child = spawn(file, args, { cwd: request.cwd, env: request.env, detached: true, stdio: 'pipe' });
  } catch (err) {
    failToStart(err);
    return;
  }
  const streams = [child.stdin, child.stdout, child.stderr];
  for (const stream of streams) stream?.on('error', ignore); // EPIPE on stdin, EBADF on a destroyed pipe
  const pid = child.pid;
  if (pid === undefined) {
    // Node reports ENOENT, EACCES, … with an 'error' event on the next tick.
    child.once('error', (err) => {
      for (const stream of streams) stream?.destroy();
      failToStart(err);
    });
    return;
  }
  child.on('error', ignore); // only kill() errors can follow a successful spawn, and we do not use kill()

  const stdout = new CappedOutput(request.maxOutputBytes);
  const stderr = new CappedOutput(request.maxOutputBytes);
  let openPipes = 2;
  let exited = false;
  let finished = false;
  let timedOut = false;
  let exitCode: number | null = null;
  let signal: string | null = null;
  let durationMs = 0;
  const timers: NodeJS.Timeout[] = [];
  const later = (ms: number, action: () => void): void => {
    timers.push(setTimeout(action, Math.min(ms, MAX_DELAY_MS)));
  };
  const killGroup = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      // ESRCH: every member of the group is gone already.
    }
  };
  const onAbort = (): void => killGroup('SIGKILL');

  const finish = (): void => {
    if (finished) return;
    finished = true;
    for (const timer of timers) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    killGroup('SIGKILL');
    for (const stream of streams) stream?.destroy();
    resolve({
      exitCode,
      signal,
      stdout: stdout.text(),
      stderr: stderr.text(),
      timedOut,
      truncated: stdout.truncated || stderr.truncated,
      startedAt,
      durationMs,
      pid,
    });
  };

  for (const [stream, sink] of [
    [child.stdout, stdout],
    [child.stderr, stderr],
  ] as const) {
    if (stream === null) {
      openPipes--;
      continue;
    }
    stream.on('data', (chunk: Buffer) => sink.add(chunk));
    stream.once('close', () => {
      openPipes--;
      if (exited && openPipes === 0) finish();
    });
  }

  child.once('exit', (code, sig) => {
    exited = true;
    exitCode = code;
    signal = sig;
    durationMs = elapsed();
    for (const timer of timers) clearTimeout(timer);
    if (openPipes === 0) return finish();
    later(options.drainMs ?? DEFAULT_DRAIN_MS, () => {
      killGroup('SIGKILL');
      later(LINGER_MS, finish);
    });
  });

  options.signal?.addEventListener('abort', onAbort, { once: true });
  later(request.timeoutMs, () => {
    timedOut = true;
    killGroup('SIGTERM');
    later(request.graceMs, () => killGroup('SIGKILL'));
  });
  try {
    options.onSpawn?.(pid);
  } catch {
    // A failing observer must not break the run.
  }
  child.stdin?.end(request.stdin ?? '');
}

function notStarted(startedAt: number, durationMs: number, startError: string): ProcessOutcome {
  return { exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false, startError, startedAt, durationMs };
}

function ignore(): void {}
