import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckStatus } from '../../src/state/check-status.js';
import { NOT_YET } from '../../src/state/check-status.js';
import { flattenComment, nextCheckStatus } from '../../src/state/next-check-status.js';

const prev = (rc: number, instances: number, since: number, time = 5000): CheckStatus => ({
  version: 1,
  rc,
  instances,
  comment: 'before',
  scalar: 9,
  time,
  since,
  duration: 3,
});

describe('nextCheckStatus (reference 5.5)', () => {
  const cases: { name: string; prev: CheckStatus | undefined; rc: number; instances: number; since: number }[] = [
    { name: 'a first result after NOT_YET starts at one instance since its own time', prev: NOT_YET, rc: 0, instances: 1, since: 10_000 },
    { name: 'a NOTYET result on a NOT_YET status still counts as the first instance', prev: NOT_YET, rc: 7, instances: 1, since: 10_000 },
    { name: 'no previous status behaves like a first result', prev: undefined, rc: 1, instances: 1, since: 10_000 },
    { name: 'the same rc adds an instance and keeps since', prev: prev(1, 3, 2000), rc: 1, instances: 4, since: 2000 },
    { name: 'the same rc with since 0 (upgraded file) takes the result time as since', prev: prev(1, 3, 0), rc: 1, instances: 4, since: 10_000 },
    { name: 'a different rc restarts at one instance since the result time', prev: prev(1, 3, 2000), rc: 0, instances: 1, since: 10_000 },
    { name: 'a rescheduled pair (time 0) keeps counting the same rc', prev: prev(2, 5, 2000, 0), rc: 2, instances: 6, since: 2000 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const next = nextCheckStatus(c.prev, { result: { host: 'h', rc: c.rc, scalar: 1, comment: 'now', duration: 12 }, startedAt: 10_000 });
      assert.equal(next.instances, c.instances);
      assert.equal(next.since, c.since);
      assert.equal(next.rc, c.rc);
      assert.equal(next.time, 10_000);
    });
  }

  it('writes every field of the result, the due slot when given, and version 1', () => {
    const next = nextCheckStatus(undefined, { result: { host: 'h', rc: 2, scalar: 42, comment: 'x', duration: 7 }, startedAt: 100, due: 90 });
    assert.deepEqual(next, { version: 1, rc: 2, instances: 1, comment: 'x', scalar: 42, time: 100, since: 100, duration: 7, due: 90 });
  });

  it('omits due for manual runs instead of writing undefined', () => {
    const next = nextCheckStatus(undefined, { result: { host: 'h', rc: 0, scalar: 0, comment: '', duration: -1 }, startedAt: 1, due: undefined });
    assert.equal('due' in next, false);
  });

  it('flattens a multi-line comment to one line', () => {
    const next = nextCheckStatus(undefined, { result: { host: 'h', rc: 1, scalar: 0, comment: 'a\nb', duration: 1 }, startedAt: 1 });
    assert.equal(next.comment, 'a b');
  });
});

describe('flattenComment', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['two\nlines', 'two lines'],
    ['dos\r\nline', 'dos line'],
    ['old\rmac', 'old mac'],
    ['a\n\nb', 'a  b'],
    ['sep\u2028par\u2029x', 'sep par x'],
    ['', ''],
  ];
  for (const [input, output] of cases) {
    it(`turns ${JSON.stringify(input)} into ${JSON.stringify(output)}`, () => assert.equal(flattenComment(input), output));
  }
});
