/**
 * Not a test: the parent process of executor-pool.test.ts's "parent dies"
 * case. Starts an ExecutorPool, starts two long runs that append their pid
 * (= process group id) to argv[2], prints the executor pids as one JSON
 * line, and waits to be killed.
 */
import { ExecutorPool } from '../../src/exec/executor-pool.js';

const pidFile = process.argv[2] ?? '/dev/null';
const kind = process.argv[3] === 'node' ? 'node' : 'native';
const pool = new ExecutorPool({ size: 2, kind });
for (let i = 0; i < 2; i++) {
  void pool.run({
    argv: ['/bin/sh', '-c', 'echo $$ >> "$1"; exec sleep 300', 'sh', pidFile],
    env: { PATH: '/usr/bin:/bin' },
    cwd: '/',
    timeoutMs: 600_000,
    graceMs: 1000,
    maxOutputBytes: 1024,
  });
}
process.stdout.write(JSON.stringify({ executors: pool.pids }) + '\n');
