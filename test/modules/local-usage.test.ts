import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeTempDir } from '../helpers/temp-dir.js';
import { checkOne, runCheck } from './module-process.js';

const dir = await makeTempDir();

describe('check/disk', () => {
  it('answers every host with the local usage of the given filesystem', async () => {
    const run = await runCheck('disk', ['web01', 'web02'], { filesystem: [dir], warn: 101, prob: 101 });
    const [a, b] = [run.byHost.get('web01')!, run.byHost.get('web02')!];
    assert.deepEqual([a.rc, a.comment], [b.rc, b.comment]);
    assert.equal(a.rc, 0);
    assert.match(a.comment, new RegExp(`^1 filesystem below 101%: ${dir} \\d+%$`));
    assert.ok(a.scalar >= 0 && a.scalar <= 100);
  });

  it('warns and fails at its thresholds', async () => {
    const warned = await checkOne('disk', 'h', { filesystem: dir, warn: 0, prob: 101 });
    assert.equal(warned.rc, 2);
    assert.match(warned.comment, /% >= 0% \(warn\)$/);
    assert.equal((await checkOne('disk', 'h', { filesystem: dir, warn: 0, prob: 0 })).rc, 1);
  });

  it('is a PROBLEM for a filesystem that does not exist', async () => {
    const line = await checkOne('disk', 'h', { filesystem: [`${dir}/missing`] });
    assert.equal(line.rc, 1);
    assert.match(line.comment, /missing: no such file or directory/);
  });

  it('checks every real mounted filesystem by default', async () => {
    const line = await checkOne('disk', 'h', { warn: 101, prob: 101 });
    assert.equal(line.rc, 0);
    assert.match(line.comment, /^\d+ filesystems? below 101%: \/\S* \d+%/);
  });
});

describe('check/load', () => {
  it('reports the load averages, with load1 x 100 as scalar', async () => {
    const line = await checkOne('load', 'h', {});
    assert.equal(line.rc, 0);
    assert.match(line.comment, /^load [\d.]+ [\d.]+ [\d.]+ \(\d+ CPUs?\)$/);
    const load1 = Number(/^load ([\d.]+)/.exec(line.comment)![1]);
    assert.ok(Math.abs(line.scalar - load1 * 100) <= 1);
  });

  it('grades each average against its own thresholds', async () => {
    assert.equal((await checkOne('load', 'h', { warn15: 0 })).rc, 2);
    const line = await checkOne('load', 'h', { prob5: 0, percpu: true });
    assert.equal(line.rc, 1);
    assert.match(line.comment, /5-minute load per CPU [\d.]+ >= 0 \(prob\)/);
  });
});

describe('check/memory', () => {
  it('reports the percent of RAM in use as scalar', async () => {
    const line = await checkOne('memory', 'h', { warn: 101, prob: 101 });
    assert.equal(line.rc, 0);
    assert.match(line.comment, /^memory \d+% used of [\d.]+ GiB, (no swap|swap \d+% used of [\d.]+ GiB)$/);
    assert.equal(line.scalar, Number(/^memory (\d+)%/.exec(line.comment)![1]));
  });

  it('warns and fails at its thresholds', async () => {
    assert.equal((await checkOne('memory', 'h', { warn: 0, prob: 101 })).rc, 2);
    assert.equal((await checkOne('memory', 'h', { warn: 0, prob: 0 })).rc, 1);
  });
});
