import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration } from '../../src/cli/parse-duration.js';

describe('sc durations (-o expire=)', () => {
  const table: [string, number | undefined][] = [
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1h30m', 5_400_000],
    ['2H', 7_200_000],
    ['2 hours', 7_200_000],
    ['1 day', 86_400_000],
    ['0h', undefined],
    ['0 minutes', undefined],
    ['', undefined],
    ['2', undefined],
    ['h', undefined],
    ['2x', undefined],
    ['-2h', undefined],
    ['2h 30m', undefined],
    ['2 fortnights', undefined],
    ['99999999999999999d', undefined],
  ];
  for (const [text, ms] of table) it(`reads "${text}" as ${ms === undefined ? 'no duration' : `${ms} ms`}`, () => assert.equal(parseDuration(text), ms));
});
