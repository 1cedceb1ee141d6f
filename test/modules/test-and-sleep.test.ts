import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOne, runCheck } from './module-process.js';

describe('check/test', () => {
  it('answers every host with the configured code as rc and scalar', async () => {
    const run = await runCheck('test', ['a', 'b'], { exitcode: 2, exittext: 'disk "x" is \\ full' });
    for (const host of ['a', 'b']) assert.deepEqual(run.byHost.get(host), { host, rc: 2, scalar: 2, comment: 'disk "x" is \\ full' });
  });

  it('defaults to OK and accepts codes given as strings', async () => {
    assert.deepEqual(await checkOne('test', 'a', {}), { host: 'a', rc: 0, scalar: 0, comment: 'Test module returned 0' });
    assert.equal((await checkOne('test', 'a', { exitcode: '42' })).rc, 42);
  });

  it('answers MISCONFIG for a code outside 0-1000', async () => {
    const line = await checkOne('test', 'a', { exitcode: 1001 });
    assert.equal(line.rc, 4);
    assert.match(line.comment, /option exitcode: expected a number between 0 and 1000/);
  });
});

describe('check/sleep', () => {
  it('answers OK after sleeping', async () => {
    const line = await checkOne('sleep', 'a', { seconds: 0.05 });
    assert.equal(line.rc, 0);
    assert.equal(line.comment, 'Slept 0.05 s');
  });

  it('answers TIMEDOUT for every host, by itself, when it would sleep past the timeout', async () => {
    const run = await runCheck('sleep', ['a', 'b'], { seconds: 60 }, { timeout: 0.6 });
    assert.deepEqual([...run.byHost.values()].map((line) => line.rc), [5, 5]);
  });
});
