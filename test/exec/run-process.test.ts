import assert from 'node:assert/strict';
import { chmod, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ExecutorPool } from '../../src/exec/executor-pool.js';
import type { ProcessOutcome, ProcessRequest } from '../../src/exec/process-run.js';
import { runProcess } from '../../src/exec/run-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { eventually, fixture, groupMembers, isAlive } from './exec-fixtures.js';

const tmp = await makeTempDir('survivor-run-process-');

function request(argv: string[], overrides: Partial<ProcessRequest> = {}): ProcessRequest {
  return { argv, env: { PATH: '/usr/bin:/bin' }, cwd: tmp, timeoutMs: 10_000, graceMs: 500, maxOutputBytes: 1 << 20, ...overrides };
}

const sh = (script: string, overrides: Partial<ProcessRequest> = {}): ProcessRequest => request(['/bin/sh', '-c', script], overrides);

/** The same contract, kept by the Node executor's runProcess and by the native executor (src/exec/native). */
const native = new ExecutorPool({ size: 1, kind: 'native' });
after(() => native.close());
const runners: { name: string; run: (r: ProcessRequest) => Promise<ProcessOutcome>; fdDir: () => string }[] = [
  { name: 'runProcess (Node executor)', run: (r) => runProcess(r), fdDir: () => '/proc/self/fd' },
  { name: 'native executor', run: (r) => native.run(r), fdDir: () => `/proc/${native.pids[0]}/fd` },
];

for (const { name, run, fdDir } of runners) describe(name, () => {
  it('collects stdout, stderr and the exit code of a process', async () => {
    const outcome = await run(sh('echo out; echo err >&2; exit 3'));
    assert.equal(outcome.exitCode, 3);
    assert.equal(outcome.signal, null);
    assert.equal(outcome.stdout, 'out\n');
    assert.equal(outcome.stderr, 'err\n');
    assert.equal(outcome.timedOut, false);
    assert.equal(outcome.truncated, false);
    assert.equal(outcome.startError, undefined);
    assert.ok(outcome.durationMs >= 0);
    assert.ok(typeof outcome.pid === 'number');
  });

  it('gives the process exactly the requested environment and working directory', async () => {
    const outcome = await run(request(['/usr/bin/env'], { env: { ONLY: 'this' } }));
    assert.equal(outcome.stdout, 'ONLY=this\n');
    const pwd = await run(sh('pwd'));
    assert.equal(pwd.stdout.trim(), tmp);
  });

  it('writes stdin and closes it', async () => {
    const outcome = await run(request(['/bin/cat'], { stdin: 'line one\nline two\n' }));
    assert.equal(outcome.stdout, 'line one\nline two\n');
  });

  it('ignores EPIPE when the process exits without reading a large stdin', async () => {
    const outcome = await run(sh('exit 0', { stdin: 'x'.repeat(4 << 20) }));
    assert.equal(outcome.exitCode, 0);
  });

  it('runs the process as the leader of its own process group', async () => {
    const outcome = await run(sh('ps -o pgid= -p $$; echo $$'));
    const [pgid, pid] = outcome.stdout.trim().split(/\s+/).map(Number);
    assert.equal(pgid, pid);
    assert.notEqual(pgid, process.pid);
  });

  it('decodes invalid UTF-8 with replacement characters', async () => {
    const outcome = await run(sh("printf 'ok \\303\\050 \\377\\n'"));
    assert.equal(outcome.stdout, 'ok \ufffd( \ufffd\n');
  });

  it('reports a missing program as a start error', async () => {
    const outcome = await run(request([join(tmp, 'missing')]));
    assert.match(outcome.startError ?? '', /not found \(ENOENT\)/);
    assert.equal(outcome.exitCode, null);
    assert.equal(outcome.pid, undefined);
  });

  it('reports a file without execute permission as a start error', async () => {
    const outcome = await run(request([fixture('not-executable')]));
    assert.match(outcome.startError ?? '', /not executable \(EACCES\)/);
  });

  it('reports a missing #! interpreter as a start error', async () => {
    const outcome = await run(request([fixture('bad-interpreter')]));
    assert.match(outcome.startError ?? '', /interpreter named on its #! line not found/);
  });

  it('reports a missing working directory as a start error', async () => {
    const outcome = await run(request(['/bin/true'], { cwd: join(tmp, 'nowhere') }));
    assert.match(outcome.startError ?? '', /working directory .* does not exist/);
  });

  it('hands a file in no executable format to /bin/sh, which fails with its complaint on stderr', async () => {
    const file = join(tmp, 'not-a-binary');
    await writeFile(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x01, 0x02, 0x0a]));
    await chmod(file, 0o755);
    const outcome = await run(request([file]));
    assert.equal(outcome.startError, undefined);
    assert.ok(outcome.exitCode !== null && outcome.exitCode >= 126, `exit ${String(outcome.exitCode)}`);
  });

  it('refuses an invalid request without starting anything', async () => {
    const outcome = await run(request(['/bin/true'], { timeoutMs: -1 }));
    assert.equal(outcome.startError, 'Expected `timeoutMs` to be a finite number >= 0, got `-1` (number)');
    const empty = await run(request([]));
    assert.match(empty.startError ?? '', /^Expected `argv`/);
  });

  it('sends SIGTERM to the whole group on timeout', async () => {
    const outcome = await run(sh('sleep 30; echo never', { timeoutMs: 100 }));
    assert.equal(outcome.timedOut, true);
    assert.equal(outcome.signal, 'SIGTERM');
    assert.equal(outcome.stdout, '');
  });

  it('SIGKILLs a module that ignores SIGTERM after the grace period', async () => {
    const outcome = await run(request([fixture('ignores-sigterm')], { timeoutMs: 100, graceMs: 200 }));
    assert.equal(outcome.timedOut, true);
    assert.equal(outcome.signal, 'SIGKILL');
    assert.ok(await eventually(() => groupMembers(outcome.pid!).length === 0), 'group still alive');
  });

  it('does not wait for a grandchild holding stdout, and kills it', async () => {
    const outcome = await run(request([fixture('grandchild')], { stdin: '{"hosts":["a"]}' }));
    assert.equal(outcome.exitCode, 0);
    assert.equal(outcome.timedOut, false);
    assert.match(outcome.stdout, /left a child behind/);
    assert.ok(await eventually(() => groupMembers(outcome.pid!).length === 0), 'the background child survived');
  });

  it('finishes even when a child that left the group holds stdout open', async () => {
    // setsid puts the sleeper beyond the group kill; the run must stop reading instead of waiting.
    const outcome = await run(sh('setsid sleep 300 & echo $!; echo done'));
    const escaped = Number(outcome.stdout.split('\n')[0]);
    try {
      assert.equal(outcome.exitCode, 0);
      assert.match(outcome.stdout, /done\n$/);
    } finally {
      process.kill(escaped, 'SIGKILL');
    }
  });

  it('kills background children that closed their output once the main process exits', async () => {
    const outcome = await run(sh('sleep 300 >/dev/null 2>&1 & echo $!'));
    const child = Number(outcome.stdout.trim());
    assert.ok(await eventually(() => !isAlive(child)), 'the background child survived');
  });

  it('keeps only maxOutputBytes of each stream, reads the rest and finishes', async () => {
    const outcome = await run(request([fixture('huge-output')], { stdin: '{"hosts":["a"]}', maxOutputBytes: 1 << 20 }));
    assert.equal(outcome.exitCode, 0);
    assert.equal(outcome.truncated, true);
    assert.equal(Buffer.byteLength(outcome.stdout), 1 << 20);
    assert.equal(Buffer.byteLength(outcome.stderr), 1 << 20);
    assert.match(outcome.stdout, /^\{"host":"a","rc":0/);
  });

  it('leaks no file descriptors over many runs, failed starts included', async () => {
    const before = (await readdir(fdDir())).length;
    for (let i = 0; i < 20; i++) {
      await Promise.all([
        run(sh('echo hi')),
        run(request([fixture('not-executable')])),
        run(request([join(tmp, 'missing')])),
        run(sh('sleep 5', { timeoutMs: 10, graceMs: 10 })),
      ]);
    }
    const after = (await readdir(fdDir())).length;
    assert.ok(after <= before + 2, `fds went from ${before} to ${after}`);
  });
});

describe('runProcess options', () => {
  it('SIGKILLs the group at once when aborted', async () => {
    const abort = new AbortController();
    const running = runProcess(sh('sleep 30'), { signal: abort.signal, onSpawn: () => abort.abort() });
    const outcome = await running;
    assert.equal(outcome.signal, 'SIGKILL');
    assert.equal(outcome.timedOut, false);
  });
});
