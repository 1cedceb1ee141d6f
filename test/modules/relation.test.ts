import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lib } from './survivor-library.js';

const NOW = 1_700_000_000_000;

describe('1.0 relations', () => {
  const table: [relation: string, value: unknown, expected: boolean][] = [
    ['lt[5]', 4, true],
    ['lt[5]', 5, false],
    ['lt[5]', '4', true],
    ['lt[5]', 'four', false],
    ['gt[5]', 6, true],
    ['gt[5]', 5, false],
    ['gt[-1.5]', -1, true],
    ['eq[5]', 5, true],
    ['eq[5]', '5.0', true],
    ['eq[5]', 6, false],
    ['ne[5]', 6, true],
    ['ne[5]', 5, false],
    ['bt[1,5]', 1, true],
    ['bt[1,5]', 5, true],
    ['bt[1,5]', 0, false],
    ['bt[1,5]', 6, false],
    ['nb[1,5]', 0, true],
    ['nb[1,5]', 1, false],
    ['nb[1,5]', 6, true],
    ['reg[^ab]', 'abc', true],
    ['reg[^ab]', 'cab', false],
    ['regv[^ab]', 'cab', true],
    ['regv[^ab]', 'abc', false],
    ['reg[a[bc]]', 'xac', true],
    ['reg[x]', 7, false],
    ['tnt[60]', NOW - 30_000, true],
    ['tnt[60]', NOW - 90_000, false],
    ['tot[60]', NOW - 90_000, true],
    ['tot[60]', NOW - 30_000, false],
  ];
  for (const [text, value, expected] of table) {
    it(`${text} ${expected ? 'holds' : 'does not hold'} for ${JSON.stringify(value)}`, () => {
      assert.equal(lib.parseRelation(text).test(value, NOW), expected);
    });
  }

  it('describes itself in words', () => {
    assert.equal(lib.parseRelation('lt[1]').description, 'less than 1');
    assert.equal(lib.parseRelation('bt[1,5]').description, 'between 1 and 5');
    assert.equal(lib.parseRelation('regv[^OK]').description, 'not matching /^OK/');
    assert.equal(lib.parseRelation('tot[3600]').kind, 'time');
  });

  for (const bad of ['lt5', 'zz[1]', 'bt[1]', 'lt[x]', 'lt[1,2]', 'reg[(]', '', 'constructor[1]']) {
    it(`refuses '${bad}' as MISCONFIG`, () => {
      assert.throws(() => lib.parseRelation(bad), (error: unknown) => error instanceof lib.MisconfigError && error.rc === lib.RC.MISCONFIG);
      assert.equal(lib.isRelation(bad), false);
    });
  }
});
