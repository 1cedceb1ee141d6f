import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { slotsBetween } from '../../src/schedule/schedule-slots.js';
import { DAY, HOUR, MINUTE, at, cron, every, inTimeZone, local, never, schedule, wallText, win } from './schedule-builders.js';

const ZONES = ['Europe/Berlin', 'America/New_York'] as const;

/** The instant the UTC offset changes in the given year and season (current TZ). */
function transition(year: number, season: 'spring' | 'fall'): number {
  const offset = (t: number): number => new Date(t).getTimezoneOffset();
  let day = season === 'spring' ? Date.UTC(year, 2, 1, 12) : Date.UTC(year, 9, 1, 12);
  while (offset(day) === offset(day + DAY)) day += DAY;
  let lo = day;
  let hi = day + DAY;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offset(mid) === offset(lo)) lo = mid;
    else hi = mid;
  }
  return hi;
}

const dateOf = (t: number): string => wallText(t).slice(0, 10);
const minuteOfDay = (t: number): number => new Date(t).getHours() * 60 + new Date(t).getMinutes();
const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

describe('at across DST changes (examples)', () => {
  const table: readonly [string, string, string, string, readonly string[]][] = [
    ['Europe/Berlin', 'spring forward: 02:30 runs once, at 03:00 new time', '2024-03-30', '02:30', ['2024-03-30 02:30:00', '2024-03-31 03:00:00', '2024-04-01 02:30:00']],
    ['Europe/Berlin', 'fall back: 02:30 runs once, in summer time', '2024-10-26', '02:30', ['2024-10-26 02:30:00', '2024-10-27 02:30:00', '2024-10-28 02:30:00']],
    ['America/New_York', 'spring forward: 02:00 runs at 03:00', '2024-03-09', '02:00', ['2024-03-09 02:00:00', '2024-03-10 03:00:00', '2024-03-11 02:00:00']],
    ['America/New_York', 'fall back: 01:30 runs once', '2024-11-02', '01:30', ['2024-11-02 01:30:00', '2024-11-03 01:30:00', '2024-11-04 01:30:00']],
  ];
  for (const [tz, name, firstDay, time, expected] of table) {
    it(`${tz} ${name}`, () =>
      inTimeZone(tz, () => {
        const from = local(`${firstDay}T00:00:00`);
        const slots = slotsBetween(schedule('s', at(time)), 0, from, from + 3 * DAY);
        assert.deepEqual(slots.map(wallText), expected);
      }));
  }

  it('runs the fall-back time in its first occurrence (Europe/Berlin, summer offset)', () =>
    inTimeZone('Europe/Berlin', () => {
      const [slot] = slotsBetween(schedule('s', at('02:30')), 0, local('2024-10-27T00:00:00'), local('2024-10-27T12:00:00'));
      assert.equal(slot, Date.UTC(2024, 9, 27, 0, 30));
    }));

  it('collapses several times inside the gap into one run (Europe/Berlin)', () =>
    inTimeZone('Europe/Berlin', () => {
      const slots = slotsBetween(schedule('s', at('02:15', '02:45', '03:00')), 0, local('2024-03-31T00:00:00'), local('2024-03-31T12:00:00'));
      assert.deepEqual(slots.map(wallText), ['2024-03-31 03:00:00']);
    }));
});

const transitionArb = fc.record({
  tz: fc.constantFrom(...ZONES),
  year: fc.integer({ min: 2021, max: 2030 }),
  season: fc.constantFrom('spring' as const, 'fall' as const),
});
// Half of the times fall in the two hours around the transitions (01:00–03:59 local).
const minuteArb = fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 60, max: 239 }));

describe('daily times across DST changes (properties)', () => {
  for (const [kind, ruleFor] of [
    ['an at time', (m: number) => at(hhmm(m))],
    ['a fixed-time cron', (m: number) => cron(`${m % 60} ${Math.floor(m / 60)} * * *`)],
  ] as const) {
    it(`runs ${kind} exactly once on each local day around a transition`, () => {
      fc.assert(
        fc.property(transitionArb, minuteArb, ({ tz, year, season }, minute) =>
          inTimeZone(tz, () => {
            const change = transition(year, season);
            const day = new Date(change);
            const start = new Date(day.getFullYear(), day.getMonth(), day.getDate() - 1).getTime();
            const end = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 2).getTime();
            const slots = slotsBetween(schedule('s', ruleFor(minute)), 0, start, end);
            const days = [start, start + DAY + 2 * HOUR, end - 12 * HOUR].map(dateOf);
            assert.deepEqual(slots.map(dateOf), days, `slots ${slots.map(wallText).join(', ')}`);
            for (const slot of slots) {
              if (minuteOfDay(slot) === minute) continue;
              // Only a time inside the skipped hour may move, and only to the end of the gap.
              assert.equal(season, 'spring');
              assert.equal(slot, change);
              const gapStart = minuteOfDay(change - 1) + 1;
              assert.ok(minute >= gapStart && minute < minuteOfDay(change), `${hhmm(minute)} is not in the gap`);
            }
          }),
        ),
        { numRuns: 200 },
      );
    });
  }

  it('keeps a cron rhythm that matches every hour steady in real time', () => {
    fc.assert(
      fc.property(transitionArb, fc.constantFrom(5, 10, 15, 20, 30), ({ tz, year, season }, step) =>
        inTimeZone(tz, () => {
          const change = transition(year, season);
          const slots = slotsBetween(schedule('s', cron(`*/${step} * * * *`)), 0, change - 6 * HOUR, change + 6 * HOUR);
          assert.equal(slots.length, (12 * 60) / step);
          slots.slice(1).forEach((s, i) => assert.equal(s - (slots[i] ?? 0), step * MINUTE));
        }),
      ),
      { numRuns: 40 },
    );
  });

  it('applies windows to the local clock, in both passes of a repeated hour', () => {
    fc.assert(
      fc.property(transitionArb, fc.constantFrom(5, 10, 15), ({ tz, year, season }, step) =>
        inTimeZone(tz, () => {
          const change = transition(year, season);
          const s = schedule('s', never(win('01:00', '02:59')), every(step * MINUTE));
          const from = change - 6 * HOUR;
          const to = change + 6 * HOUR;
          const slots = new Set(slotsBetween(s, 0, from, to));
          for (let t = from; t < to; t += step * MINUTE) {
            const m = minuteOfDay(t);
            assert.equal(slots.has(t), m < 60 || m >= 180, wallText(t));
          }
        }),
      ),
      { numRuns: 40 },
    );
  });
});
