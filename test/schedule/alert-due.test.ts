import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Schedule } from '../../src/config/config-model.js';
import { inEffect, isDueSince, isOpenAt } from '../../src/schedule/alert-due.js';
import { DAY, HOUR, MINUTE, at, cron, every, inTimeZone, local, never, schedule, win } from './schedule-builders.js';

process.env.TZ = 'UTC';

// 2024-06-03 is a Monday.
interface DueCase {
  readonly name: string;
  readonly schedule: Schedule;
  readonly last: string | 0;
  readonly now: string;
  readonly due: boolean;
}

const t = (text: string): number => local(text);

const dueCases: readonly DueCase[] = [
  { name: 'every: not due before the interval has passed since the last alert', schedule: schedule('s', every(5 * MINUTE)), last: '2024-06-03T10:00:00', now: '2024-06-03T10:04:59', due: false },
  { name: 'every: due exactly one interval after the last alert', schedule: schedule('s', every(5 * MINUTE)), last: '2024-06-03T10:00:00', now: '2024-06-03T10:05:00', due: true },
  { name: 'every: paced from the last alert, not from a grid', schedule: schedule('s', every(HOUR)), last: '2024-06-03T10:17:00', now: '2024-06-03T11:16:00', due: false },
  { name: 'every: a first alert is due at once', schedule: schedule('s', every(DAY)), last: 0, now: '2024-06-03T10:00:00', due: true },
  { name: 'never: never due, not even for a first alert', schedule: schedule('s', never()), last: 0, now: '2024-06-03T10:00:00', due: false },
  { name: 'at: due when its instant lies after the last alert', schedule: schedule('s', at('12:00')), last: '2024-06-03T11:00:00', now: '2024-06-03T12:00:00', due: true },
  { name: 'at: the interval is closed at now', schedule: schedule('s', at('12:00')), last: '2024-06-03T11:00:00', now: '2024-06-03T11:59:59', due: false },
  { name: 'at: open at last (an alert at the instant used it up)', schedule: schedule('s', at('12:00')), last: '2024-06-03T12:00:00', now: '2024-06-03T18:00:00', due: false },
  { name: 'at: a missed instant is still due hours later', schedule: schedule('s', at('03:00')), last: '2024-06-02T12:00:00', now: '2024-06-03T10:00:00', due: true },
  { name: 'at: a first alert is due at once', schedule: schedule('s', at('sunday 04:30')), last: 0, now: '2024-06-03T10:00:00', due: true },
  { name: 'cron: due when it fired since the last alert', schedule: schedule('s', cron('*/15 * * * *')), last: '2024-06-03T10:01:00', now: '2024-06-03T10:15:00', due: true },
  { name: 'cron: not due between its instants', schedule: schedule('s', cron('*/15 * * * *')), last: '2024-06-03T10:15:00', now: '2024-06-03T10:29:00', due: false },
  {
    name: 'the first in-effect line decides: a window with never stops the search',
    schedule: schedule('s', never(win('08:00', '17:59')), every(MINUTE)),
    last: '2024-06-03T09:00:00',
    now: '2024-06-03T10:00:00',
    due: false,
  },
  {
    name: 'lines whose window is closed are passed over',
    schedule: schedule('s', never(win('22:00', '06:59')), every(MINUTE)),
    last: '2024-06-03T09:00:00',
    now: '2024-06-03T10:00:00',
    due: true,
  },
  {
    name: 'an at line that has not fired lets the search go on',
    schedule: schedule('s', at('12:00'), every(30 * MINUTE)),
    last: '2024-06-03T09:00:00',
    now: '2024-06-03T10:00:00',
    due: true,
  },
  {
    name: 'an at line that fired makes the schedule due before a later never line',
    schedule: schedule('s', at('09:30'), never()),
    last: '2024-06-03T09:00:00',
    now: '2024-06-03T10:00:00',
    due: true,
  },
  { name: 'a clock set back makes nothing due until it catches up', schedule: schedule('s', every(MINUTE)), last: '2024-06-03T11:00:00', now: '2024-06-03T10:00:00', due: false },
  { name: 'an at line and a clock set back', schedule: schedule('s', at('10:00')), last: '2024-06-03T11:00:00', now: '2024-06-03T10:00:00', due: false },
];

describe('isDueSince', () => {
  for (const c of dueCases) {
    it(c.name, () => {
      assert.equal(isDueSince(c.schedule, c.last === 0 ? 0 : t(c.last), t(c.now)), c.due);
    });
  }

  it('never reports `every` due twice within one interval (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 200 }), (minutes, start, step) => {
        const interval = minutes * MINUTE;
        const last = t('2024-06-03T00:00:00') + start * MINUTE;
        assert.equal(isDueSince(schedule('s', every(interval)), last, last + step * MINUTE), step >= minutes);
      }),
    );
  });

  it('finds at instants across a DST change in the local zone', () => {
    inTimeZone('Europe/Berlin', () => {
      // 2024-03-31: 02:00 CET jumps to 03:00 CEST; `at 02:30` fires at 03:00 that day.
      const s = schedule('s', at('02:30'));
      assert.equal(isDueSince(s, local('2024-03-31T01:00:00'), local('2024-03-31T01:59:59')), false);
      assert.equal(isDueSince(s, local('2024-03-31T01:00:00'), local('2024-03-31T03:00:00')), true);
    });
  });

  it('refuses times that are not finite', () => {
    assert.throws(() => isDueSince(schedule('s', every(MINUTE)), Number.NaN, 0), RangeError);
    assert.throws(() => isDueSince(schedule('s', every(MINUTE)), 0, Infinity), RangeError);
  });
});

describe('inEffect', () => {
  const cases: readonly { name: string; schedule: Schedule; at: string; expected: boolean }[] = [
    { name: 'an unbounded every line is always in effect', schedule: schedule('s', every(HOUR)), at: '2024-06-03T10:00:00', expected: true },
    { name: 'a never line in effect counts (the stanza is in effect and silent)', schedule: schedule('s', never()), at: '2024-06-03T10:00:00', expected: true },
    { name: 'a windowed line is in effect inside its window', schedule: schedule('s', every(HOUR, win('monday 08:00', 'friday 17:59'))), at: '2024-06-07T17:59:59', expected: true },
    { name: 'and not outside it', schedule: schedule('s', every(HOUR, win('monday 08:00', 'friday 17:59'))), at: '2024-06-07T18:00:00', expected: false },
    { name: 'an at line is always in effect', schedule: schedule('s', at('12:00')), at: '2024-06-03T10:00:00', expected: true },
    { name: 'a schedule with no rule in effect is not', schedule: schedule('s', every(HOUR, win('22:00', '06:59')), never(win('12:00', '12:59'))), at: '2024-06-03T10:00:00', expected: false },
    { name: 'any line in effect makes the schedule in effect', schedule: schedule('s', every(HOUR, win('22:00', '06:59')), never(win('09:00', '10:59'))), at: '2024-06-03T10:00:00', expected: true },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(inEffect(c.schedule, t(c.at)), c.expected));
  }
});

describe('isOpenAt (schedules used as windows)', () => {
  const business = schedule('business', every(15 * MINUTE, win('monday 08:00', 'friday 17:59')), never());
  const cases: readonly { name: string; schedule: Schedule; at: string; expected: boolean }[] = [
    { name: 'open while an every line is in effect', schedule: business, at: '2024-06-03T10:00:00', expected: true },
    { name: 'closed while a never line is the first in effect', schedule: business, at: '2024-06-08T10:00:00', expected: false },
    { name: 'a never window closes it at night', schedule: schedule('s', never(win('22:00', '06:59')), every(HOUR)), at: '2024-06-03T23:00:00', expected: false },
    { name: 'and leaves it open by day', schedule: schedule('s', never(win('22:00', '06:59')), every(HOUR)), at: '2024-06-03T12:00:00', expected: true },
    { name: 'closed when no line is in effect', schedule: schedule('s', every(HOUR, win('22:00', '06:59'))), at: '2024-06-03T12:00:00', expected: false },
    { name: 'an at line keeps it open', schedule: schedule('s', at('12:00'), never()), at: '2024-06-03T10:00:00', expected: true },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(isOpenAt(c.schedule, t(c.at)), c.expected));
  }
});
