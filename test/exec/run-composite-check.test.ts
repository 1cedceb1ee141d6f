import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Check } from '../../src/config/config-model.js';
import { InProcessRunner } from '../../src/exec/in-process-runner.js';
import { runCheck, type CheckRun } from '../../src/exec/run-check.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { compositeCheck, fixtureConfig, simpleCheck } from './exec-fixtures.js';

const tmpDir = await makeTempDir('survivor-composite-');
const runner = new InProcessRunner();
after(() => runner.close());

const components: Check[] = [
  simpleCheck('ok', 'batch-ok'),
  simpleCheck('warn', 'batch-warn'),
  simpleCheck('fail', 'batch-fail'),
  // Its own 1 s timeout is ignored: the composite's applies.
  simpleCheck('slow', 'batch-sleep', { timeoutMs: 1000, options: { seconds: 0.3 } }),
  simpleCheck('hang', 'batch-sleep', { options: { seconds: 30 } }),
  simpleCheck('silent', 'no-output'),
  simpleCheck('also-silent', 'garbage'),
];

function run(check: Check, hosts: string[]): Promise<CheckRun> {
  return runCheck({ check, hosts, config: fixtureConfig([...components, check], tmpDir), runner, tmpDir });
}

describe('runCheck with a composite check', () => {
  it('gives the worst failed required component, joins comments in arrival order, counts components', async () => {
    const out = await run(compositeCheck('web', ['slow', 'ok', 'warn'], ['fail']), ['a', 'b']);
    for (const [i, host] of ['a', 'b'].entries()) {
      const result = out.results[i]!;
      assert.equal(result.host, host);
      assert.equal(result.rc, 2);
      assert.equal(result.scalar, 4);
      const comments = result.comment.split(';');
      assert.deepEqual([...comments].sort(), [`all good on ${host}`, 'disk 91% full', `service down on ${host}`, 'slept 0.3 s'].sort());
      assert.equal(comments.at(-1), 'slept 0.3 s', 'the slow component arrives last');
      assert.ok(result.duration >= 5 + 300, `duration ${result.duration} is not the sum`);
    }
    assert.equal(out.noOutput, false);
  });

  it('is OK when every required component is OK, whatever the optionals say', async () => {
    const out = await run(compositeCheck('web', ['ok'], ['fail', 'silent']), ['a']);
    assert.equal(out.results[0]!.rc, 0);
  });

  it('is OK when only optionals exist and one of them is OK', async () => {
    const out = await run(compositeCheck('web', [], ['fail', 'ok']), ['a']);
    assert.equal(out.results[0]!.rc, 0);
  });

  it('takes the best optional when none is OK', async () => {
    const out = await run(compositeCheck('web', [], ['fail', 'warn', 'silent']), ['a']);
    assert.equal(out.results[0]!.rc, 2);
  });

  it('is TIMEDOUT when a component does not finish within the composite timeout', async () => {
    const out = await run(compositeCheck('web', ['ok'], ['hang'], 300), ['a']);
    assert.deepEqual(out.results[0], { host: 'a', rc: 5, scalar: 1, comment: 'all good on a;Timed out', duration: out.results[0]!.duration });
    assert.equal(out.noOutput, false);
  });

  it('reports a component that is not a simple check as MISCONFIG', async () => {
    const out = await run(compositeCheck('web', ['ok', 'nowhere'], []), ['a']);
    assert.equal(out.results[0]!.rc, 4);
    assert.match(out.results[0]!.comment, /Component nowhere of web is not a simple check/);
  });

  it('flags no output only when no component produced any', async () => {
    const silent = await run(compositeCheck('web', ['silent', 'also-silent'], []), ['a']);
    assert.equal(silent.noOutput, true);
    assert.equal(silent.results[0]!.rc, 4);
    assert.match(silent.stderr, /^\[silent\] nothing to report today$/m);
    const mixed = await run(compositeCheck('web', ['silent', 'ok'], []), ['a']);
    assert.equal(mixed.noOutput, false);
  });
});
