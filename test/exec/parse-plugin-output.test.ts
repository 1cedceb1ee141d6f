import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePluginOutput } from '../../src/exec/parse-plugin-output.js';

describe('parsePluginOutput', () => {
  const cases: { stdout: string; comment: string; scalar: number }[] = [
    { stdout: 'TEXT | load=0.5;1;2\n', comment: 'TEXT', scalar: 1 },
    { stdout: 'OK - fine | rtt=12.4ms;100;200;0\nlong text\n', comment: 'OK - fine', scalar: 12 },
    { stdout: "DISK OK | '/var lib'=-3.6MB;;;0 other=5\n", comment: 'DISK OK', scalar: -4 },
    { stdout: 'no perfdata at all\nsecond | x=9\n', comment: 'no perfdata at all', scalar: 0 },
    { stdout: 'value unknown | x=U;1;2\n', comment: 'value unknown', scalar: 0 },
    { stdout: 'exp | x=1.5e3\n', comment: 'exp', scalar: 1500 },
    { stdout: '', comment: '', scalar: 0 },
    { stdout: '| only=7\n', comment: '', scalar: 7 },
  ];
  for (const c of cases) {
    it(`reads ${JSON.stringify(c.stdout)} as comment ${JSON.stringify(c.comment)} and scalar ${c.scalar}`, () => {
      assert.deepEqual(parsePluginOutput(c.stdout), { comment: c.comment, scalar: c.scalar });
    });
  }
});
