/**
 * Runs a helper program (ping, systemctl, ssh …) from a module and collects
 * its output. Never throws for an expected outcome: a missing program, a
 * non-zero exit or a timeout are fields of the result.
 */
import { spawn } from 'node:child_process';

const MAX_OUTPUT = 1024 * 1024;

/**
 * Runs argv[0] with argv.slice(1) (no shell). Options: input (string for
 * stdin), signal (AbortSignal: the child gets SIGTERM when it fires),
 * timeoutMs (same, after that many ms), env (default: this process's env with
 * LC_ALL=C so output is parseable).
 * Resolves to { code (null when killed or not started), signal, stdout, stderr,
 * error (short reason when it could not start, e.g. "ping: not found"), timedOut }.
 * stdout and stderr are each capped at 1 MiB.
 */
export function runCommand(argv, { input, signal, timeoutMs, env } = {}) {
  return new Promise((resolve) => {
    const [file, ...args] = argv;
    const child = spawn(file, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: env ?? { ...process.env, LC_ALL: 'C' },
    });
    const out = { stdout: '', stderr: '' };
    const collect = (name) => (chunk) => {
      if (out[name].length < MAX_OUTPUT) out[name] += chunk.toString('utf8');
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    let timedOut = false;
    const kill = () => {
      timedOut = true;
      child.kill('SIGTERM');
    };
    const timer = Number.isFinite(timeoutMs) ? setTimeout(kill, Math.max(0, timeoutMs)) : undefined;
    if (signal?.aborted) kill();
    signal?.addEventListener('abort', kill, { once: true });
    if (input !== undefined) {
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
    let startError;
    child.on('error', (error) => {
      startError = error.code === 'ENOENT' ? `${file}: not found` : `${file}: ${error.message}`;
    });
    let settled = false;
    const finish = (code, killedBy) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', kill);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code: startError ? null : code, signal: killedBy, ...out, error: startError, timedOut });
    };
    child.on('close', finish);
    // A daemon started by the program (an init.d script) may keep our pipes open forever:
    // after the program itself exits, take what output has arrived within a moment.
    child.on('exit', (code, killedBy) => setTimeout(() => finish(code, killedBy), 200).unref());
  });
}
