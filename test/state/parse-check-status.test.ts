import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NOT_YET } from '../../src/state/check-status.js';
import { parseCheckStatus } from '../../src/state/parse-check-status.js';

const good = { version: 1, rc: 1, instances: 2, comment: 'c', scalar: 3.5, time: 10, since: 5, duration: -1 };

describe('parseCheckStatus', () => {
  it('accepts what the store writes, with and without due', () => {
    assert.deepEqual(parseCheckStatus(JSON.stringify(good)).status, good);
    assert.deepEqual(parseCheckStatus(JSON.stringify({ ...good, due: 9 })).status, { ...good, due: 9 });
    assert.deepEqual(parseCheckStatus(JSON.stringify(NOT_YET) + '\n').status, NOT_YET);
  });

  it('ignores unknown fields a newer writer may add', () => {
    assert.deepEqual(parseCheckStatus(JSON.stringify({ ...good, extra: 'x' })).status, good);
  });

  const bad: [string, string, RegExp][] = [
    ['an empty file', '', /not JSON/],
    ['a truncated document', JSON.stringify(good).slice(0, 20), /not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['null', 'null', /not a JSON object/],
    ['another version', JSON.stringify({ ...good, version: 2 }), /unsupported version 2/],
    ['a missing rc', JSON.stringify({ ...good, rc: undefined }), /rc must be an integer/],
    ['a fractional rc', JSON.stringify({ ...good, rc: 1.5 }), /rc must be an integer/],
    ['negative instances', JSON.stringify({ ...good, instances: -1 }), /instances must be at least 0/],
    ['a numeric comment', JSON.stringify({ ...good, comment: 5 }), /comment must be a string/],
    ['a string scalar', JSON.stringify({ ...good, scalar: '5' }), /scalar must be a number/],
    ['a negative time', JSON.stringify({ ...good, time: -5 }), /time must be at least 0/],
    ['a string due', JSON.stringify({ ...good, due: 'soon' }), /due must be an integer/],
  ];
  for (const [name, text, problem] of bad) {
    it(`rejects ${name} with the reason`, () => {
      const parsed = parseCheckStatus(text);
      assert.equal(parsed.status, undefined);
      assert.match(parsed.problem ?? '', problem);
    });
  }
});
