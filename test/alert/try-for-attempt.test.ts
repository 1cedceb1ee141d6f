import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escalationStart, isEscalatedTry, tryForAttempt } from '../../src/alert/try-for-attempt.js';
import { alertTry, fixTry } from './plan-builders.js';

describe('tryForAttempt', () => {
  const tries = [alertTry(['a'], 1), alertTry(['b'], 2), alertTry(['c'])];
  const table: readonly [number, number][] = [
    [1, 0],
    [2, 1],
    [3, 1],
    [4, 2],
    [100, 2],
  ];
  for (const [attempt, index] of table) {
    it(`picks try ${index} for attempt ${attempt} of 1 time, 2 times, bare`, () => assert.equal(tryForAttempt(tries, attempt, false), index));
  }

  it('returns -1 once counted tries are used up and no bare try follows', () => {
    assert.equal(tryForAttempt([alertTry(['a'], 2)], 3, false), -1);
  });

  it('a bare try in the middle catches everything after it', () => {
    assert.equal(tryForAttempt([alertTry(['a']), alertTry(['b'], 3)], 7, false), 0);
  });

  it('skips `attempt fix if defined` tries for a check without a fix, counts them otherwise', () => {
    const withFix = [fixTry(2, { ifDefined: true }), alertTry(['b'], 1), alertTry(['c'])];
    assert.deepEqual([1, 2, 3, 4].map((k) => tryForAttempt(withFix, k, false)), [1, 2, 2, 2]);
    assert.deepEqual([1, 2, 3, 4].map((k) => tryForAttempt(withFix, k, true)), [0, 0, 1, 2]);
  });

  it('keeps `attempt fix` without `if defined` for a check without a fix', () => {
    assert.equal(tryForAttempt([fixTry(1), alertTry(['b'])], 1, false), 0);
  });
});

describe('escalationStart', () => {
  it('defaults to the second try', () => assert.equal(escalationStart([alertTry(['a'], 1), alertTry(['b'])]), 1));
  it('follows the first `flag escalated`', () => {
    const tries = [alertTry(['a'], 1), alertTry(['b'], 1), alertTry(['c'], 1, { flagEscalated: true }), alertTry(['d'], undefined, { flagEscalated: true })];
    assert.equal(escalationStart(tries), 2);
    assert.deepEqual([0, 1, 2, 3].map((i) => isEscalatedTry(tries, i)), [false, false, true, true]);
  });
  it('the first try can be flagged', () => assert.equal(isEscalatedTry([alertTry(['a'], undefined, { flagEscalated: true })], 0), true));
  it('no try is never escalated', () => assert.equal(isEscalatedTry([alertTry(['a'])], -1), false));
});
