import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ExecutorPool } from '../../src/exec/executor-pool.js';
import { InProcessRunner } from '../../src/exec/in-process-runner.js';
import type { ProcessRequest, ProcessRunner } from '../../src/exec/process-run.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { eventually, groupMembers, isAlive } from './exec-fixtures.js';

const tmp = await makeTempDir('survivor-pool-');

function request(argv: string[], overrides: Partial<ProcessRequest> = {}): ProcessRequest {
  return { argv, env: { PATH: '/usr/bin:/bin' }, cwd: tmp, timeoutMs: 30_000, graceMs: 500, maxOutputBytes: 1 << 20, ...overrides };
}

/** Runs a long `sleep` that first appends its pid (= pgid) to `file`. */
const sleeper = (file: string): ProcessRequest => request(['/bin/sh', '-c', 'echo $$ >> "$1"; exec sleep 300', 'sh', file]);

function pidsIn(file: string): number[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map(Number);
  } catch {
    return [];
  }
}

async function timeRuns(runner: ProcessRunner, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const begin = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < count) {
      const outcome = await runner.run(request(['/bin/true']));
      assert.equal(outcome.exitCode, 0);
    }
  }));
  return count / ((performance.now() - begin) / 1000);
}

for (const kind of ['native', 'node'] as const) describe(`ExecutorPool (${kind} executors)`, () => {
  it('runs processes in executor processes titled survivor-executor', async () => {
    const pool = new ExecutorPool({ size: 2, kind });
    after(() => pool.close());
    const outcome = await pool.run(request(['/bin/sh', '-c', 'echo $PPID']));
    const parent = Number(outcome.stdout.trim());
    assert.ok(pool.pids.includes(parent), `${parent} is not one of ${pool.pids.join(', ')}`);
    assert.equal(readFileSync(`/proc/${parent}/cmdline`, 'utf8').replace(/\0+$/, ''), 'survivor-executor');
  });

  it('resolves 500 concurrent runs, each with its own outcome', async () => {
    const pool = new ExecutorPool({ size: 2, kind });
    after(() => pool.close());
    const outcomes = await Promise.all(Array.from({ length: 500 }, (_, i) => pool.run(request(['/bin/echo', String(i)]))));
    assert.deepEqual(outcomes.map((o) => o.stdout), Array.from({ length: 500 }, (_, i) => `${i}\n`));
    assert.ok(outcomes.every((o) => o.exitCode === 0));
  });

  it('resolves the runs of an executor killed with SIGKILL, kills their groups and recovers', async () => {
    const pool = new ExecutorPool({ size: 1, kind });
    after(() => pool.close());
    const file = join(tmp, 'killed-executor.pids');
    const runs = [pool.run(sleeper(file)), pool.run(sleeper(file))];
    assert.ok(await eventually(() => pidsIn(file).length === 2), 'the modules did not start');
    const [executor] = pool.pids;
    process.kill(executor!, 'SIGKILL');
    for (const outcome of await Promise.all(runs)) {
      assert.equal(outcome.startError, 'the executor died (SIGKILL)');
    }
    for (const pgid of pidsIn(file)) {
      assert.ok(await eventually(() => groupMembers(pgid).length === 0), `module group ${pgid} survived`);
    }
    const again = await pool.run(request(['/bin/echo', 'back']));
    assert.equal(again.stdout, 'back\n');
    assert.equal(pool.pids.length, 1);
    assert.notEqual(pool.pids[0], executor);
  });

  it('close() stops the executors, their modules and later runs', async () => {
    const pool = new ExecutorPool({ size: 2, kind });
    const file = join(tmp, 'closed-pool.pids');
    const running = pool.run(sleeper(file));
    assert.ok(await eventually(() => pidsIn(file).length === 1), 'the module did not start');
    const executors = pool.pids;
    await pool.close();
    assert.match((await running).startError ?? '', /closed/);
    assert.ok(executors.every((pid) => !isAlive(pid)), 'an executor is still running');
    assert.ok(await eventually(() => groupMembers(pidsIn(file)[0]!).length === 0), 'the module survived');
    assert.equal((await pool.run(request(['/bin/true']))).startError, 'the executor pool is closed');
  });

  it('executors and their modules die with the parent, even on kill -9', async () => {
    const file = join(tmp, 'orphans.pids');
    const script = fileURLToPath(new URL('./pool-parent.js', import.meta.url));
    const parent = spawn(process.execPath, [script, file, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve) => {
      let text = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(text);
      });
    });
    const { executors } = JSON.parse(line) as { executors: number[] };
    assert.equal(executors.length, 2);
    assert.ok(await eventually(() => pidsIn(file).length === 2), 'the modules did not start');
    const exited = new Promise((resolve) => parent.once('exit', resolve));
    process.kill(parent.pid!, 'SIGKILL');
    await exited;
    assert.ok(await eventually(() => executors.every((pid) => !isAlive(pid))), 'an executor outlived its parent');
    for (const pgid of pidsIn(file)) {
      assert.ok(await eventually(() => groupMembers(pgid).length === 0), `module group ${pgid} outlived the parent`);
    }
  });

  it('measures spawns per second through the pool and in-process (informational)', async () => {
    const pool = new ExecutorPool({ size: 2, kind });
    const direct = new InProcessRunner();
    after(() => Promise.all([pool.close(), direct.close()]));
    const pooled = await timeRuns(pool, 300, 8);
    const inProcess = await timeRuns(direct, 300, 8);
    const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
    console.log(`spawn rate for 300 runs of /bin/true, 8 in flight: ExecutorPool(2) ${pooled.toFixed(0)}/s, in-process (${rss} MB RSS) ${inProcess.toFixed(0)}/s`);
  });
});

describe('ExecutorPool program choice', () => {
  it('takes the native executor when it is built (make build compiles it)', async () => {
    const pool = new ExecutorPool({ size: 1 });
    after(() => pool.close());
    assert.equal(pool.kind, 'native');
    const outcome = await pool.run(request(['/bin/sh', '-c', 'kill -USR1 $$']));
    assert.equal(outcome.signal, 'SIGUSR1');
    assert.equal(outcome.exitCode, null);
  });
});
