import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scOk as ok, scRefused as refused } from '../helpers/run-sc.js';
import { files, history, instance } from './alerting-instance.js';

describe('sc operator actions refuse bad input', () => {
  it('refuses bad input with one line, the documented exit code, and no change', async () => {
    const inst = await instance('require comment = yes');
    await ok(inst, ['-c', 'set up', 'trip', 'answer@h1']);
    const before = await files(inst);
    for (const command of ['acknowledge', 'unacknowledge', 'inhibit', 'uninhibit', 'escalate', 'fix']) {
      await refused(inst, [command, 'answer@h1'], 2, new RegExp(`^sc: ${command}: this instance requires a comment \\(-c\\)$`));
    }
    await refused(inst, ['-c', 'x', '-o', 'expire=soon', 'ack', 'answer@h1'], 2, /-o expire= takes a duration such as 30m/);
    await refused(inst, ['-c', 'x', '-o', 'expires=2h', 'ack', 'answer@h1'], 2, /unknown option -o expires \(acknowledge takes -o expire\)/);
    await refused(inst, ['-c', 'x', 'ack'], 2, /name at least one service, host or service@host/);
    await refused(inst, ['-c', 'x', 'ack', 'answer@h1', 'nosuch@h1'], 1, /nosuch@h1: not a configured service@host pair \(nothing was changed\)/);
    await refused(inst, ['-c', 'x', 'inhibit', 'ghost'], 1, /ghost: neither a configured check nor a monitored host/);
    assert.deepEqual(await files(inst), before);
    assert.deepEqual((await history(inst, 'commandhistory')).map((c) => c.command), ['trip']);
    await ok(inst, ['-c', 'now with a reason', 'ack', 'answer@h1']);
  });
});
