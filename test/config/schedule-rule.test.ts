import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInterval } from '../../src/config/interval.js';
import { parseScheduleRule } from '../../src/config/schedule-rule.js';
import { parseWeekTimes } from '../../src/config/week-time.js';

const src = { file: 's.cf', line: 1 };

describe('parseInterval', () => {
  const good: [string, number][] = [
    ['5', 5_000],
    ['0 seconds', 0],
    ['1 second', 1_000],
    ['5 minutes', 300_000],
    ['1 minute', 60_000],
    ['2 hours', 7_200_000],
    ['1 day', 86_400_000],
    ['2 weeks', 1_209_600_000],
    ['  3   Minutes ', 180_000],
  ];
  for (const [text, ms] of good) it(`reads "${text}" as ${ms} ms`, () => assert.deepEqual(parseInterval(text), { ms }));
  for (const text of ['', 'five minutes', '5 fortnights', '-1 seconds', '1.5 hours', '5 m', '99999999999999999 weeks']) {
    it(`refuses "${text}"`, () => assert.ok('problem' in parseInterval(text)));
  }
});

describe('parseWeekTimes', () => {
  it('reads times with and without days, 3-letter and capitalised days', () => {
    assert.deepEqual(parseWeekTimes(['03:00', 'sunday', '04:30', 'Mon', '8:05', 'SATURDAY', '23:59']), {
      times: [{ minute: 180 }, { day: 0, minute: 270 }, { day: 1, minute: 485 }, { day: 6, minute: 1439 }],
    });
  });
  for (const words of [['24:00'], ['12:60'], ['monday'], ['funday', '10:00'], ['1200']]) {
    it(`refuses ${words.join(' ')}`, () => assert.ok('problem' in parseWeekTimes(words)));
  }
});

describe('parseScheduleRule', () => {
  const good: [string, unknown][] = [
    ['every 5 minutes', { kind: 'every', intervalMs: 300_000, source: src }],
    ['never', { kind: 'never', source: src }],
    [
      'from monday 08:00 until friday 17:59 every 5 minutes',
      { kind: 'every', intervalMs: 300_000, window: { from: { day: 1, minute: 480 }, until: { day: 5, minute: 1079 } }, source: src },
    ],
    ['from 22:00 until 06:59 never', { kind: 'never', window: { from: { minute: 1320 }, until: { minute: 419 } }, source: src }],
    ['at 03:00 sunday 04:30', { kind: 'at', times: [{ minute: 180 }, { day: 0, minute: 270 }], source: src }],
    ['at 03:00, 15:00', { kind: 'at', times: [{ minute: 180 }, { minute: 900 }], source: src }],
    ['cron */5 * * * *', { kind: 'cron', expression: '*/5 * * * *', source: src }],
    ['cron 30 */5 * * * *', { kind: 'cron', expression: '30 */5 * * * *', source: src }],
    ['Every 1 hour', { kind: 'every', intervalMs: 3_600_000, source: src }],
  ];
  for (const [text, rule] of good) it(`reads "${text}"`, () => assert.deepEqual(parseScheduleRule(text, src), { rule }));

  const bad: [string, string][] = [
    ['', 'empty rule'],
    ['sometimes', 'unknown rule'],
    ['every', 'every: not an interval'],
    ['every 0 minutes', 'write "never"'],
    ['every 5 fortnights', 'unknown unit'],
    ['never again', 'unexpected text'],
    ['from 08:00 every 5 minutes', 'without "until"'],
    ['from 08:00 until 17:00', 'must be followed by'],
    ['from monday 08:00 until 17:00 every 5 minutes', 'on both'],
    ['from 25:00 until 06:00 never', 'not a time'],
    ['from 08:00 09:00 until 10:00 never', 'exactly one time'],
    ['at', 'at least one time'],
    ['at monday', 'not followed by a time'],
    ['at noon', 'not a time'],
    ['cron 61 * * * *', 'bad cron expression'],
    ['cron * * *', 'bad cron expression'],
    ['cron', 'bad cron expression'],
  ];
  for (const [text, message] of bad) {
    it(`refuses "${text}" saying ${message}`, () => {
      const outcome = parseScheduleRule(text, src);
      assert.ok('problem' in outcome && outcome.problem.includes(message), JSON.stringify(outcome));
    });
  }
});
