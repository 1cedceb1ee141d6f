import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lib } from './survivor-library.js';

describe('warning and problem thresholds', () => {
  const table: [value: number, limits: { warn?: unknown; prob?: unknown }, settings: { below?: boolean }, rc: number, limit?: string][] = [
    [50, { warn: 90, prob: 95 }, {}, lib.RC.OK],
    [90, { warn: 90, prob: 95 }, {}, lib.RC.WARNING, '>= 90'],
    [97, { warn: 90, prob: 95 }, {}, lib.RC.PROBLEM, '>= 95'],
    [97, { warn: 90 }, {}, lib.RC.WARNING, '>= 90'],
    [97, {}, {}, lib.RC.OK],
    [97, { warn: 101, prob: 101 }, {}, lib.RC.OK],
    [5, { warn: 30, prob: 7 }, { below: true }, lib.RC.PROBLEM, '<= 7'],
    [20, { warn: 30, prob: 7 }, { below: true }, lib.RC.WARNING, '<= 30'],
    [40, { warn: 30, prob: 7 }, { below: true }, lib.RC.OK],
    [0, { prob: 'lt[1]' }, {}, lib.RC.PROBLEM, 'less than 1'],
    [3, { warn: 'gt[2]', prob: 'lt[1]' }, {}, lib.RC.WARNING, 'greater than 2'],
    [91, { warn: '90' }, {}, lib.RC.WARNING, '>= 90'],
  ];
  for (const [value, limits, settings, rc, limit] of table) {
    it(`grades ${value} against ${JSON.stringify(limits)}${settings.below ? ' (below)' : ''} as ${lib.rcName(rc)}`, () => {
      const graded = lib.grade(value, limits as { warn?: number; prob?: number }, settings);
      assert.equal(graded.rc, rc);
      assert.equal(graded.limit, limit);
    });
  }

  it('refuses a limit that is neither a number nor a relation', () => {
    assert.throws(() => lib.grade(1, { warn: 'lots' }), lib.MisconfigError);
  });
});

describe('return codes', () => {
  it('picks the worse of two codes the way 1.0 composes them', () => {
    const { OK, PROBLEM, WARNING, NOTICE, MISCONFIG, TIMEDOUT } = lib.RC;
    assert.equal(lib.worseRc(OK, WARNING), WARNING);
    assert.equal(lib.worseRc(PROBLEM, WARNING), PROBLEM);
    assert.equal(lib.worseRc(PROBLEM, MISCONFIG), MISCONFIG);
    assert.equal(lib.worseRc(NOTICE, WARNING), WARNING);
    assert.equal(lib.worseRc(TIMEDOUT, PROBLEM), TIMEDOUT);
    assert.equal(lib.worseRc(OK, 42), 42);
  });

  it('knows the valid codes', () => {
    assert.deepEqual([0, 7, 8, 19, 20, 1000, 1001, 1.5, -1].map((rc) => lib.isValidRc(rc)), [true, true, false, false, true, true, false, false, false]);
  });
});
