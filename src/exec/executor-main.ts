/**
 * Entry point of an executor: a small, long-lived Node process forked by the
 * daemon's ExecutorPool that starts module processes on its behalf. Forking
 * from the big daemon process is several times slower than from this one
 * (page tables are copied per fork), so the daemon never forks modules itself.
 *
 * Kept tiny on purpose: node: builtins and run-process.js only. Requests
 * arrive as RunMessage over IPC and run concurrently (the daemon's pools do
 * the limiting). When the channel closes (the daemon exited or was killed,
 * even with SIGKILL) or on SIGTERM, every running process group is SIGKILLed
 * and the executor exits.
 */
import type { DoneMessage, ExecutorReply, RunMessage, StartedMessage } from './executor-message.js';
import { runProcess } from './run-process.js';

process.title = 'survivor-executor';

const running = new Map<number, AbortController>();

function reply(message: ExecutorReply): void {
  if (process.connected) process.send?.(message, undefined, {}, ignoreError);
}

function isRunMessage(message: unknown): message is RunMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<RunMessage>;
  return m.type === 'run' && typeof m.id === 'number' && typeof m.request === 'object' && m.request !== null;
}

process.on('message', (message: unknown) => {
  if (!isRunMessage(message)) return;
  const { id, request } = message;
  const abort = new AbortController();
  running.set(id, abort);
  const onSpawn = (pid: number): void => reply({ type: 'started', id, pid } satisfies StartedMessage);
  void runProcess(request, { signal: abort.signal, onSpawn }).then((outcome) => {
    running.delete(id);
    reply({ type: 'done', id, outcome } satisfies DoneMessage);
  });
});

function shutDown(): void {
  for (const abort of running.values()) abort.abort(); // synchronous group SIGKILLs
  process.exit(0);
}

process.on('disconnect', shutDown);
process.on('SIGTERM', shutDown);
// A Ctrl-C or terminal hang-up reaches the whole foreground group; the daemon
// decides how to stop and tells us (SIGTERM or closing the channel).
process.on('SIGINT', ignoreError);
process.on('SIGHUP', ignoreError);
if (!process.connected) shutDown(); // started without a channel: nothing to serve

function ignoreError(): void {}
