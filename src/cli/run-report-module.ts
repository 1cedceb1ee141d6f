import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { MODULE_PATH } from '../exec/module-environment.js';

/** What a report module did. */
export interface ReportOutcome {
  /** Exit code, or null when killed by a signal or never started. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the module could not be started (ENOENT, EACCES, …). */
  readonly startError?: string;
}

export interface ReportModuleRequest {
  /** Absolute path of the module. */
  readonly path: string;
  /** Instance tmpdir: the module's cwd, HOME and TMPDIR. */
  readonly tmpDir: string;
  readonly instance: string;
  readonly moduleDir: string;
  /** Writes the request document to the module's stdin, chunk by chunk (see writeChunk). */
  readonly feed: (write: (chunk: string) => Promise<void>) => Promise<void>;
}

/**
 * Runs a report module in its own process group with the minimal module
 * environment, streaming the request to its stdin with back-pressure (a year
 * of history never sits in memory at once), and collects its output. A module
 * that stops reading early just ends the feed. Ctrl-C kills the group.
 * Never rejects for the module's behaviour; a failing `feed` rejects.
 */
export function runReportModule(req: ReportModuleRequest): Promise<ReportOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(req.path, [], {
      cwd: req.tmpDir,
      env: { PATH: MODULE_PATH, LANG: 'C.UTF-8', HOME: req.tmpDir, TMPDIR: req.tmpDir, SURVIVOR_INSTANCE: req.instance, SURVIVOR_MODDIR: req.moduleDir },
      detached: true,
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    let startError: string | undefined;
    let inputClosed = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => (inputClosed = true)); // EPIPE: the module stopped reading
    child.stdin.on('close', () => (inputClosed = true));
    const interrupt = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is gone already.
      }
    };
    process.once('SIGINT', interrupt);
    child.once('error', (err) => {
      startError = err.message;
      inputClosed = true;
      if (child.pid === undefined) {
        process.removeListener('SIGINT', interrupt);
        resolve({ exitCode: null, signal: null, stdout, stderr, startError });
      }
    });
    child.once('close', (exitCode, signal) => {
      process.removeListener('SIGINT', interrupt);
      resolve({ exitCode, signal, stdout, stderr, ...(startError !== undefined ? { startError } : {}) });
    });
    const write = (chunk: string): Promise<void> => (inputClosed ? Promise.resolve() : writeChunk(child.stdin, chunk));
    req.feed(write).then(
      () => child.stdin.end(),
      (err: unknown) => {
        interrupt();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** Writes one chunk, waiting for 'drain' when the pipe is full. */
function writeChunk(stream: Writable, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(chunk)) resolve();
    else {
      const done = (): void => {
        stream.removeListener('drain', done);
        stream.removeListener('close', done);
        resolve();
      };
      stream.once('drain', done);
      stream.once('close', done);
    }
  });
}
