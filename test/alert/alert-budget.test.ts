import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlertBudget } from '../../src/alert/alert-budget.js';

describe('AlertBudget', () => {
  it('allows `throttle` logical alerts per pass, then is exhausted', () => {
    const budget = new AlertBudget(2);
    assert.equal(budget.exhausted, false);
    assert.equal(budget.spend(), true);
    assert.equal(budget.spend(), true);
    assert.equal(budget.exhausted, true);
    assert.equal(budget.spend(), false);
    assert.equal(budget.spent, 2);
    assert.equal(budget.remaining, 0);
  });

  it('treats throttle 0 as unlimited', () => {
    const budget = new AlertBudget(0);
    for (let i = 0; i < 1000; i++) assert.equal(budget.spend(), true);
    assert.equal(budget.exhausted, false);
    assert.equal(budget.remaining, Infinity);
  });

  it('refuses a negative or fractional throttle', () => {
    assert.throws(() => new AlertBudget(-1), /Expected `throttle` to be a non-negative integer, got `-1`/);
    assert.throws(() => new AlertBudget(1.5), RangeError);
  });
});
