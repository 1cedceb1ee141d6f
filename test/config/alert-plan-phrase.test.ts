import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  parseAfter, parseAllowFailedHosts, parseAttemptFix, parseClearState, parseFlag, parseHonors, parseName,
  parseNotifyOnClear, parseOn, parseReplacing, parseReturnValueList, parseTryCount,
} from '../../src/config/alert-plan-phrase.js';
import type { Parsed } from '../../src/config/section-reader.js';

type Case = readonly [string, unknown];

/** Runs `parse` over a table; an undefined expectation means a problem. */
function table<T>(title: string, parse: (text: string) => Parsed<T>, cases: readonly Case[]): void {
  describe(title, () => {
    for (const [text, want] of cases) {
      it(`reads ${JSON.stringify(text)} as ${want === undefined ? 'a problem' : JSON.stringify(want)}`, () => {
        const got = parse(text);
        if (want === undefined) assert.ok('problem' in got && got.problem.length > 0 && got.expected.length > 0, JSON.stringify(got));
        else assert.deepEqual(got, { value: want });
      });
    }
  });
}

table('after', parseAfter, [
  ['2 check failures', 2], ['1 check failure', 1], ['3', 3], ['2 Check Failures', 2], [' 4  check  failures ', 4],
  ['0 check failures', undefined], ['two', undefined], ['2 failures', undefined], ['-1', undefined], ['1000001', undefined],
]);

table('try', parseTryCount, [
  ['1 time', 1], ['3 times', 3], ['5', 5], ['2 Times', 2], ['0 times', undefined], ['often', undefined], ['3 tries', undefined],
]);

describe('try (bare)', () => {
  it('reads "remaining" and an empty value as every attempt from here on', () => {
    assert.deepEqual(parseTryCount('remaining'), { value: 'remaining' });
    assert.deepEqual(parseTryCount(''), { value: 'remaining' });
    assert.deepEqual(parseTryCount('Remaining'), { value: 'remaining' });
  });
});

table('on', parseOn, [
  ['default', { kind: 'default' }], ['return values 1 5', { kind: 'values', codes: [1, 5] }], ['return value 20', { kind: 'values', codes: [20] }],
  ['return values 0,1000', { kind: 'values', codes: [0, 1000] }], ['returngroup bad', { kind: 'group', group: 'bad' }], ['Default', { kind: 'default' }],
  ['return values', undefined], ['return values 8', undefined], ['return values 1 1', undefined], ['returngroup', undefined],
  ['returngroup a b', undefined], ['returngroup a/b', undefined], ['default 1', undefined], ['sometimes', undefined],
]);

table('return values', parseReturnValueList, [
  ['1 5', [1, 5]], ['1,5, 7', [1, 5, 7]], ['0', [0]], ['1000', [1000]], ['20', [20]],
  ['', undefined], ['19', undefined], ['1001', undefined], ['1.5', undefined], ['-1', undefined], ['x', undefined],
]);

table('allow failed hosts', parseAllowFailedHosts, [
  ['2', { count: 2 }], ['0', { count: 0 }], ['3 during nights', { count: 3, during: 'nights' }], ['3 DURING nights', { count: 3, during: 'nights' }],
  ['', undefined], ['two', undefined], ['2 nights', undefined], ['2 during', undefined], ['2 during a b', undefined], ['2 during a/b', undefined],
]);

table('notify on clear', (t) => parseNotifyOnClear(t, false), [
  ['yes', { enabled: true }], ['no', { enabled: false }], ['off', { enabled: false }], ['using office', { enabled: true, schedule: 'office' }],
  ['using', undefined], ['using a b', undefined], ['sometimes', undefined], ['', undefined],
]);

table('clear state', parseClearState, [
  ['always', []], ['not on return values 2 3', [2, 3]], ['not on return value 20', [20]], ['Not On Return Values 1', [1]],
  ['never', undefined], ['not on return values', undefined], ['not on return values 9', undefined], ['always 1', undefined],
]);

table('clear state honors returngroups', parseHonors, [
  ['none', { kind: 'none' }], ['all', { kind: 'all' }], ['ALL', { kind: 'all' }], ['bad', { kind: 'groups', groups: ['bad'] }],
  ['bad, soft', { kind: 'groups', groups: ['bad', 'soft'] }], ['', undefined], ['bad all', undefined], ['bad bad', undefined], ['b/d', undefined],
]);

table('attempt fix', (t) => parseAttemptFix(t, false), [
  ['yes', { attemptFix: true, ifDefined: false }], ['if defined', { attemptFix: true, ifDefined: true }], ['If Defined', { attemptFix: true, ifDefined: true }],
  ['no', { attemptFix: false, ifDefined: false }], ['maybe', undefined], ['if', undefined], ['', undefined],
]);

table('replacing', parseReplacing, [
  ['a with b', { from: 'a', to: 'b' }], ['a WITH b', { from: 'a', to: 'b' }], ['a b', undefined], ['a with a', undefined], ['a with', undefined], ['a/x with b', undefined],
]);

table('a single name', (t) => parseName(t, 'a name'), [['office', 'office'], ['', undefined], ['a b', undefined], ['..', undefined]]);

table('a flag', (t) => parseFlag(t, false), [['yes', true], ['no', false], ['perhaps', undefined]]);

describe('bare flag lines', () => {
  it('mean yes', () => {
    assert.deepEqual(parseNotifyOnClear('', true), { value: { enabled: true } });
    assert.deepEqual(parseAttemptFix('', true), { value: { attemptFix: true, ifDefined: false } });
    assert.deepEqual(parseFlag('', true), { value: true });
  });
});

describe('phrase parsers under arbitrary text', () => {
  it('return a value or a problem, never throw', () => {
    const parsers = [parseAfter, parseTryCount, parseOn, parseReturnValueList, parseAllowFailedHosts, parseClearState, parseHonors, parseReplacing];
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        for (const parse of parsers) {
          const got = parse(text) as Parsed<unknown>;
          assert.ok('value' in got || ('problem' in got && typeof got.expected === 'string'));
        }
      }),
      { numRuns: 500 },
    );
  });
});
