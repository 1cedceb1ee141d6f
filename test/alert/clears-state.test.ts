import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clearsState } from '../../src/alert/clears-state.js';
import type { PlanOptions } from './plan-builders.js';
import { plan, returnGroups } from './plan-builders.js';

const GROUPS = returnGroups({ bad: [1, 5], warnish: [2, 3] });

const cases: readonly { name: string; options: PlanOptions; from: number; to: number; clears: boolean }[] = [
  { name: 'any change clears by default', options: {}, from: 1, to: 2, clears: true },
  { name: 'a change to OK always clears', options: { keepStateOn: [1, 0], clearHonorsGroups: ['bad'] }, from: 1, to: 0, clears: true },
  { name: 'keeps state when changing to a listed value', options: { keepStateOn: [4] }, from: 1, to: 4, clears: false },
  { name: 'keeps state when changing from a listed value', options: { keepStateOn: [4] }, from: 4, to: 2, clears: false },
  { name: 'clears between unlisted values', options: { keepStateOn: [4] }, from: 1, to: 2, clears: true },
  { name: 'keeps state inside an honoured return group', options: { clearHonorsGroups: ['bad'] }, from: 5, to: 1, clears: false },
  { name: 'clears when only one side is in the group', options: { clearHonorsGroups: ['bad'] }, from: 1, to: 2, clears: true },
  { name: 'clears inside a group that is not honoured', options: { clearHonorsGroups: ['bad'] }, from: 2, to: 3, clears: true },
  { name: 'honours every group it is given ("all" is resolved by the loader)', options: { clearHonorsGroups: ['bad', 'warnish'] }, from: 2, to: 3, clears: false },
  { name: 'does not keep state across two different groups', options: { clearHonorsGroups: ['bad', 'warnish'] }, from: 1, to: 2, clears: true },
  { name: 'an unknown group keeps nothing', options: { clearHonorsGroups: ['gone'] }, from: 1, to: 5, clears: true },
  { name: 'a first failure (from no alert, read as 0) clears', options: {}, from: 0, to: 1, clears: true },
];

describe('clearsState', () => {
  for (const c of cases) {
    it(c.name, () => assert.equal(clearsState(plan([], c.options), c.from, c.to, GROUPS), c.clears));
  }
});
