import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Check, SimpleCheck } from '../../src/config/config-model.js';
import type { CheckResult } from '../../src/domain/check-result.js';
import { InProcessRunner } from '../../src/exec/in-process-runner.js';
import type { ProcessRequest, ProcessRunner } from '../../src/exec/process-run.js';
import { runCheck, type CheckRun } from '../../src/exec/run-check.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { fixture, fixtureConfig, simpleCheck } from './exec-fixtures.js';

const tmpDir = await makeTempDir('survivor-run-check-');
const runner = new InProcessRunner();
after(() => runner.close());

const NO_OUTPUT = 'Module is misconfigured (no output received)';

async function run(check: Check, hosts: string[], components: Check[] = [], graceMs = 2000): Promise<CheckRun> {
  return runCheck({ check, hosts, config: fixtureConfig([check, ...components], tmpDir), runner, tmpDir, graceMs });
}

function byHost(results: CheckResult[]): Record<string, Omit<CheckResult, 'host' | 'duration'>> {
  return Object.fromEntries(results.map(({ host, rc, scalar, comment }) => [host, { rc, scalar, comment }]));
}

describe('runCheck with a batch module', () => {
  it('gives OK results with the module\'s scalar, comment and duration', async () => {
    const out = await run(simpleCheck('svc', 'batch-ok'), ['a', 'b']);
    assert.deepEqual(out.results, [
      { host: 'a', rc: 0, scalar: 1, comment: 'all good on a', duration: 5 },
      { host: 'b', rc: 0, scalar: 1, comment: 'all good on b', duration: 5 },
    ]);
    assert.equal(out.noOutput, false);
    assert.ok(out.startedAt > 0);
  });

  it('uses the process wall time when the module gives no duration', async () => {
    const out = await run(simpleCheck('svc', 'batch-warn'), ['a']);
    assert.deepEqual(byHost(out.results), { a: { rc: 2, scalar: 91, comment: 'disk 91% full' } });
    assert.ok(Number.isInteger(out.results[0]!.duration) && out.results[0]!.duration >= 0);
  });

  it('gives PROBLEM results from a failing module', async () => {
    const out = await run(simpleCheck('svc', 'batch-fail'), ['a']);
    assert.deepEqual(byHost(out.results), { a: { rc: 1, scalar: 0, comment: 'service down on a' } });
  });

  it('returns one result per requested host in request order, duplicates included', async () => {
    const out = await run(simpleCheck('svc', 'batch-ok'), ['b', 'a', 'b']);
    assert.deepEqual(out.results.map((r) => r.host), ['b', 'a', 'b']);
  });

  it('gives TIMEDOUT "Timed out" to every host of a module that outlives its timeout', async () => {
    const out = await run(simpleCheck('svc', 'batch-sleep', { timeoutMs: 200, options: { seconds: 30 } }), ['a', 'b']);
    assert.deepEqual(byHost(out.results), {
      a: { rc: 5, scalar: 0, comment: 'Timed out' },
      b: { rc: 5, scalar: 0, comment: 'Timed out' },
    });
    assert.equal(out.noOutput, false);
  });

  it('SIGKILLs a module ignoring SIGTERM after the grace and reports TIMEDOUT', async () => {
    const out = await run(simpleCheck('svc', 'ignores-sigterm', { timeoutMs: 100 }), ['a'], [], 200);
    assert.deepEqual(byHost(out.results), { a: { rc: 5, scalar: 0, comment: 'Timed out' } });
  });

  it('keeps the answers a module gave before it timed out', async () => {
    const out = await run(simpleCheck('svc', 'partial', { timeoutMs: 300 }), ['a', 'b']);
    assert.deepEqual(out.results, [
      { host: 'a', rc: 0, scalar: 7, comment: 'first host answered', duration: 3 },
      { host: 'b', rc: 5, scalar: 0, comment: 'Timed out', duration: out.results[1]!.duration },
    ]);
    assert.equal(out.noOutput, false);
  });

  it('gives MISCONFIG to every host of a module printing garbage, and flags no output', async () => {
    const out = await run(simpleCheck('svc', 'garbage'), ['web01']);
    assert.deepEqual(byHost(out.results), { web01: { rc: 4, scalar: 0, comment: `${NO_OUTPUT}: no valid result in the output` } });
    assert.equal(out.noOutput, true);
  });

  it('gives MISCONFIG with the first stderr line to a module printing nothing', async () => {
    const out = await run(simpleCheck('svc', 'no-output'), ['a']);
    assert.deepEqual(byHost(out.results), { a: { rc: 4, scalar: 0, comment: `${NO_OUTPUT}: stderr: nothing to report today` } });
    assert.equal(out.noOutput, true);
    assert.equal(out.stderr, 'nothing to report today');
  });

  it('ignores hosts not asked about and duplicate answers', async () => {
    const out = await run(simpleCheck('svc', 'extra-hosts'), ['a', 'b']);
    assert.deepEqual(byHost(out.results), {
      a: { rc: 0, scalar: 1, comment: 'first answer' },
      b: { rc: 0, scalar: 1, comment: 'first answer' },
    });
  });

  it('turns invalid return codes into MISCONFIG with the reason', async () => {
    const out = await run(simpleCheck('svc', 'bad-rc'), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(byHost(out.results), {
      a: { rc: 4, scalar: 0, comment: 'Module returned invalid return code 1001: too big' },
      b: { rc: 4, scalar: 0, comment: 'Module returned invalid return code -1: negative' },
      c: { rc: 4, scalar: 0, comment: 'Module returned invalid return code 8' },
      d: { rc: 4, scalar: 0, comment: 'Module returned invalid return code "two": a string' },
      e: { rc: 4, scalar: 0, comment: 'Module returned no return code: no rc' },
    });
  });

  for (const signal of ['SEGV', 'KILL']) {
    it(`names the signal that killed a module (SIG${signal})`, async () => {
      const out = await run(simpleCheck('svc', 'exit-by-signal', { options: { signal } }), ['a']);
      assert.deepEqual(byHost(out.results), { a: { rc: 4, scalar: 0, comment: `${NO_OUTPUT}: killed by SIG${signal}` } });
      assert.equal(out.noOutput, true);
    });
  }

  it('does not hang on a grandchild holding stdout', async () => {
    const out = await run(simpleCheck('svc', 'grandchild'), ['a']);
    assert.deepEqual(byHost(out.results), { a: { rc: 0, scalar: 0, comment: 'left a child behind' } });
  });

  it('reads the answers of a module flooding its output', async () => {
    const out = await run(simpleCheck('svc', 'huge-output'), ['a', 'b']);
    assert.deepEqual(byHost(out.results), {
      a: { rc: 0, scalar: 0, comment: 'before the flood' },
      b: { rc: 0, scalar: 0, comment: 'before the flood' },
    });
    assert.ok(out.stderr.length <= 1024 * 1024);
  });

  it('reports a module without execute permission', async () => {
    const out = await run(simpleCheck('svc', 'not-executable'), ['a']);
    assert.deepEqual(byHost(out.results), {
      a: { rc: 4, scalar: 0, comment: `${NO_OUTPUT}: cannot start: ${fixture('not-executable')} is not executable (EACCES)` },
    });
    assert.equal(out.noOutput, true);
  });

  it('reports a module that does not exist', async () => {
    const out = await run(simpleCheck('svc', 'no-such-module'), ['a']);
    assert.equal(out.results[0]!.comment, `${NO_OUTPUT}: cannot start: ${fixture('no-such-module')} not found (ENOENT)`);
  });

  it('reports a module whose #! interpreter is missing', async () => {
    const out = await run(simpleCheck('svc', 'bad-interpreter'), ['a']);
    assert.match(out.results[0]!.comment, /: cannot start: .*bad-interpreter: interpreter named on its #! line not found \(ENOENT\)$/);
  });

  it('gives the module a minimal environment and the temp dir as cwd', async () => {
    const out = await run(simpleCheck('disk', 'env-dump', { timeoutMs: 45_000 }), ['a']);
    const comment = out.results[0]!.comment;
    const words = comment.split(' ');
    for (const expected of [
      `cwd=${tmpDir}`, 'PATH=/usr/local/bin:/usr/bin:/bin', 'LANG=C.UTF-8', `HOME=${tmpDir}`, `TMPDIR=${tmpDir}`,
      'SURVIVOR_INSTANCE=exec-test', `SURVIVOR_MODDIR=${fixtureConfig().moduleDir}`, 'SURVIVOR_SERVICE=disk', 'SURVIVOR_TIMEOUT=45',
    ]) {
      assert.ok(words.includes(expected), `missing ${expected} in ${comment}`);
    }
    const names = words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => w.split('=')[0]);
    assert.deepEqual(names.filter((n) => !['PWD', 'SHLVL', 'OLDPWD', '_'].includes(n!)).sort(), [
      'HOME', 'LANG', 'PATH', 'SURVIVOR_INSTANCE', 'SURVIVOR_MODDIR', 'SURVIVOR_SERVICE', 'SURVIVOR_TIMEOUT', 'TMPDIR',
    ]);
  });

  it('starts nothing and reports TIMEDOUT for a timeout of 0', async () => {
    const started: ProcessRequest[] = [];
    const spy: ProcessRunner = { run: (request) => { started.push(request); return runner.run(request); }, close: () => Promise.resolve() };
    const check = simpleCheck('svc', 'batch-ok', { timeoutMs: 0 });
    const out = await runCheck({ check, hosts: ['a', 'b'], config: fixtureConfig([check], tmpDir), runner: spy, tmpDir });
    assert.deepEqual(out.results, [
      { host: 'a', rc: 5, scalar: 0, comment: 'Timed out', duration: 0 },
      { host: 'b', rc: 5, scalar: 0, comment: 'Timed out', duration: 0 },
    ]);
    assert.equal(started.length, 0);
    assert.equal(out.noOutput, false);
  });
});

describe('runCheck with the single protocol', () => {
  it('runs one process per host with the host and options in the environment', async () => {
    const check = simpleCheck('ping', 'single-ok', { protocol: 'single', options: { greeting: 'hello there' } });
    const out = await run(check, ['a', 'b']);
    assert.deepEqual(byHost(out.results), {
      a: { rc: 0, scalar: 13, comment: 'reachable a for ping greeting=hello there timeout=10' },
      b: { rc: 0, scalar: 13, comment: 'reachable b for ping greeting=hello there timeout=10' },
    });
  });

  it('takes the exit status as the return code', async () => {
    const out = await run(simpleCheck('ping', 'single-fail', { protocol: 'single' }), ['a']);
    assert.deepEqual(byHost(out.results), { a: { rc: 1, scalar: 0, comment: 'unreachable a' } });
  });

  it('reports a single-protocol module that cannot start', async () => {
    const out = await run(simpleCheck('ping', 'not-executable', { protocol: 'single' }), ['a']);
    assert.equal(out.results[0]!.rc, 4);
    assert.equal(out.noOutput, true);
  });
});

describe('runCheck with the nagios protocol', () => {
  const nagios = (status: string): SimpleCheck => simpleCheck('load', 'nagios-style', {
    protocol: 'nagios',
    options: { status, message: 'two  words' },
    command: [fixture('nagios-style'), '-H', '$HOST', '-s', '$status', '-m', '$message'],
  });
  const table: [string, number, string][] = [
    ['0', 0, 'two  words on a'],
    ['1', 2, 'two  words on a'],
    ['2', 1, 'two  words on a'],
    ['3', 3, 'two  words on a'],
    ['4', 4, 'Plugin exited with status 4: two  words on a'],
  ];
  for (const [status, rc, comment] of table) {
    it(`maps plugin exit status ${status} to return code ${rc}`, async () => {
      const out = await run(nagios(status), ['a']);
      assert.deepEqual(byHost(out.results), { a: { rc, scalar: status === '4' ? 0 : 1, comment } });
    });
  }
});

describe('runCheck with the survivor-xml protocol', () => {
  it('runs a 1.0 XML module', async () => {
    const out = await run(simpleCheck('web', 'xml-ok', { protocol: 'survivor-xml' }), ['a', 'b']);
    assert.deepEqual(out.results, [
      { host: 'a', rc: 0, scalar: 42, comment: 'xml & fine on a', duration: 9 },
      { host: 'b', rc: 0, scalar: 42, comment: 'xml & fine on b', duration: 9 },
    ]);
  });
});
