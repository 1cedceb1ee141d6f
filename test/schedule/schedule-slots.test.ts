import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createTask } from 'node-cron';
import type { Schedule, ScheduleRule, TimeWindow } from '../../src/config/config-model.js';
import { isInEffect, isSlot, lastSlotBefore, nextSlotAfter, slotsBetween } from '../../src/schedule/schedule-slots.js';
import { DAY, HOUR, MINUTE, SECOND, at, cron, every, local, never, schedule, wallText, win } from './schedule-builders.js';

process.env.TZ = 'UTC';

// 2024-06-03 is a Monday.
interface SlotCase {
  readonly name: string;
  readonly schedule: Schedule;
  readonly offsetMs?: number;
  readonly from: string;
  readonly to: string;
  readonly slots: readonly string[];
}

const cases: readonly SlotCase[] = [
  {
    name: 'every lies on the epoch grid shifted by the pair offset',
    schedule: schedule('s', every(15 * MINUTE)),
    offsetMs: 7 * MINUTE,
    from: '2024-06-03T10:00:00',
    to: '2024-06-03T11:00:00',
    slots: ['2024-06-03 10:07:00', '2024-06-03 10:22:00', '2024-06-03 10:37:00', '2024-06-03 10:52:00'],
  },
  {
    name: 'a window covers its until minute to the last second and nothing after',
    schedule: schedule('s', every(30 * SECOND, win('08:00', '08:01'))),
    from: '2024-06-03T07:59:00',
    to: '2024-06-03T08:03:00',
    slots: ['2024-06-03 08:00:00', '2024-06-03 08:00:30', '2024-06-03 08:01:00', '2024-06-03 08:01:30'],
  },
  {
    name: 'a day-less window with from > until wraps over midnight every day',
    schedule: schedule('s', every(HOUR, win('22:00', '06:59'))),
    from: '2024-06-03T00:00:00',
    to: '2024-06-04T00:00:00',
    slots: ['00', '01', '02', '03', '04', '05', '06', '22', '23'].map((h) => `2024-06-03 ${h}:00:00`),
  },
  {
    name: 'a day-specific window wraps over the weekend',
    schedule: schedule('s', never(win('friday 17:00', 'monday 07:59')), every(6 * HOUR)),
    from: '2024-06-07T00:00:00',
    to: '2024-06-11T00:00:00',
    slots: ['2024-06-07 00:00:00', '2024-06-07 06:00:00', '2024-06-07 12:00:00', '2024-06-10 12:00:00', '2024-06-10 18:00:00'],
  },
  {
    name: 'a working-week window runs only from monday morning to friday evening',
    schedule: schedule('s', every(12 * HOUR, win('monday 08:00', 'friday 17:59')), never()),
    from: '2024-06-02T00:00:00',
    to: '2024-06-09T00:00:00',
    slots: [
      '2024-06-03 12:00:00',
      '2024-06-04 00:00:00',
      '2024-06-04 12:00:00',
      '2024-06-05 00:00:00',
      '2024-06-05 12:00:00',
      '2024-06-06 00:00:00',
      '2024-06-06 12:00:00',
      '2024-06-07 00:00:00',
      '2024-06-07 12:00:00',
    ],
  },
  {
    name: 'never without a window has no slots',
    schedule: schedule('s', never(), every(MINUTE)),
    from: '2024-06-03T00:00:00',
    to: '2024-06-04T00:00:00',
    slots: [],
  },
  {
    name: 'the first rule in effect decides',
    schedule: schedule('s', every(HOUR, win('08:00', '17:59')), every(20 * MINUTE)),
    from: '2024-06-03T07:00:00',
    to: '2024-06-03T09:00:00',
    slots: ['2024-06-03 07:00:00', '2024-06-03 07:20:00', '2024-06-03 07:40:00', '2024-06-03 08:00:00'],
  },
  {
    name: 'at without a day fires daily, with a day weekly',
    schedule: schedule('s', at('03:00', 'sunday 04:30')),
    from: '2024-06-08T00:00:00',
    to: '2024-06-10T00:00:00',
    slots: ['2024-06-08 03:00:00', '2024-06-09 03:00:00', '2024-06-09 04:30:00'],
  },
  {
    name: 'an at line that does not fire lets the next rule decide',
    schedule: schedule('s', at('12:10'), every(HOUR)),
    offsetMs: 30 * MINUTE,
    from: '2024-06-03T11:00:00',
    to: '2024-06-03T13:00:00',
    slots: ['2024-06-03 11:30:00', '2024-06-03 12:10:00', '2024-06-03 12:30:00'],
  },
  {
    name: 'an at line after an every line in effect is never reached',
    schedule: schedule('s', every(HOUR), at('12:10')),
    from: '2024-06-03T11:30:00',
    to: '2024-06-03T13:00:00',
    slots: ['2024-06-03 12:00:00'],
  },
  {
    name: 'an at line before never still fires',
    schedule: schedule('s', at('03:00'), never()),
    from: '2024-06-03T00:00:00',
    to: '2024-06-04T00:00:00',
    slots: ['2024-06-03 03:00:00'],
  },
  {
    name: 'an at line inside a never window placed before it does not fire',
    schedule: schedule('s', never(win('02:00', '04:00')), at('03:00', '05:00')),
    from: '2024-06-03T00:00:00',
    to: '2024-06-04T00:00:00',
    slots: ['2024-06-03 05:00:00'],
  },
  {
    name: 'a cron line that does not match lets the next rule decide',
    schedule: schedule('s', cron('5 * * * *'), every(HOUR)),
    offsetMs: 30 * MINUTE,
    from: '2024-06-03T11:00:00',
    to: '2024-06-03T13:00:00',
    slots: ['2024-06-03 11:05:00', '2024-06-03 11:30:00', '2024-06-03 12:05:00', '2024-06-03 12:30:00'],
  },
  {
    name: 'cron with a seconds field fires on those seconds',
    schedule: schedule('s', cron('*/20 * * * * *')),
    from: '2024-06-03T10:00:00',
    to: '2024-06-03T10:01:00',
    slots: ['2024-06-03 10:00:00', '2024-06-03 10:00:20', '2024-06-03 10:00:40'],
  },
  {
    name: 'an at time on the grid is one slot, not two',
    schedule: schedule('s', at('12:00'), every(HOUR)),
    from: '2024-06-03T11:30:00',
    to: '2024-06-03T12:30:00',
    slots: ['2024-06-03 12:00:00'],
  },
];

describe('schedule slots (TZ=UTC)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const slots = slotsBetween(c.schedule, c.offsetMs ?? 0, local(c.from), local(c.to));
      assert.deepEqual(slots.map(wallText), c.slots);
    });
  }

  it('returns nothing for an empty or inverted range', () => {
    const s = schedule('s', every(SECOND));
    assert.deepEqual(slotsBetween(s, 0, 5000, 5000), []);
    assert.deepEqual(slotsBetween(s, 0, 5000, 1000), []);
  });

  it('refuses non-finite bounds', () => {
    assert.throws(() => slotsBetween(schedule('s', every(MINUTE)), 0, Number.NaN, 10), RangeError);
  });

  it('answers isSlot for single instants', () => {
    const s = schedule('s', every(5 * MINUTE));
    assert.equal(isSlot(s, MINUTE, local('2024-06-03T10:01:00')), true);
    assert.equal(isSlot(s, MINUTE, local('2024-06-03T10:02:00')), false);
  });
});

describe('isInEffect', () => {
  const table: readonly [string, ScheduleRule, string, boolean][] = [
    ['every without a window', every(MINUTE), '2024-06-03T03:00:00', true],
    ['a night window at 23:00', never(win('22:00', '06:59')), '2024-06-03T23:00:00', true],
    ['a night window in its last second', never(win('22:00', '06:59')), '2024-06-03T06:59:59', true],
    ['a night window at 07:00', never(win('22:00', '06:59')), '2024-06-03T07:00:00', false],
    ['a weekend window on sunday', never(win('friday 17:00', 'monday 07:59')), '2024-06-09T12:00:00', true],
    ['a weekend window on wednesday', never(win('friday 17:00', 'monday 07:59')), '2024-06-05T12:00:00', false],
    ['an at line at any time', at('03:00'), '2024-06-03T12:34:56', true],
    ['a cron line at any time', cron('0 0 1 1 *'), '2024-06-03T12:34:56', true],
  ];
  for (const [name, rule, when, expected] of table) {
    it(`${expected ? 'holds' : 'does not hold'} for ${name}`, () => assert.equal(isInEffect(rule, local(when)), expected));
  }
});

describe('searching for slots', () => {
  const fiveMinutes = schedule('s', every(5 * MINUTE));

  it('finds the latest slot strictly before an instant', () => {
    assert.equal(wallText(lastSlotBefore(fiveMinutes, 2 * MINUTE, local('2024-06-03T10:00:00'), 0) ?? 0), '2024-06-03 09:57:00');
    assert.equal(wallText(lastSlotBefore(fiveMinutes, 2 * MINUTE, local('2024-06-03T10:02:00'), 0) ?? 0), '2024-06-03 09:57:00');
  });

  it('does not look before notBefore', () => {
    assert.equal(lastSlotBefore(fiveMinutes, 2 * MINUTE, local('2024-06-03T10:00:00'), local('2024-06-03T09:58:00')), undefined);
  });

  it('finds the next slot strictly after an instant', () => {
    assert.equal(wallText(nextSlotAfter(fiveMinutes, 2 * MINUTE, local('2024-06-03T10:00:00'), DAY) ?? 0), '2024-06-03 10:02:00');
    assert.equal(wallText(nextSlotAfter(fiveMinutes, 2 * MINUTE, local('2024-06-03T10:02:00'), DAY) ?? 0), '2024-06-03 10:07:00');
  });

  it('finds weekly slots within the horizon only', () => {
    const weekly = schedule('s', at('sunday 04:30'));
    assert.equal(wallText(nextSlotAfter(weekly, 0, local('2024-06-03T10:00:00'), 8 * DAY) ?? 0), '2024-06-09 04:30:00');
    assert.equal(nextSlotAfter(weekly, 0, local('2024-06-03T10:00:00'), DAY), undefined);
    assert.equal(wallText(lastSlotBefore(weekly, 0, local('2024-06-03T10:00:00'), 0) ?? 0), '2024-06-02 04:30:00');
  });

  it('finds a yearly cron slot months ahead', () => {
    const yearly = schedule('s', cron('0 0 1 1 *'));
    assert.equal(wallText(nextSlotAfter(yearly, 0, local('2024-06-03T10:00:00'), 400 * DAY) ?? 0), '2025-01-01 00:00:00');
  });

  it('gives up beyond 400 days (a leap-day cron)', () => {
    const leap = schedule('s', cron('0 0 29 2 *'));
    assert.equal(nextSlotAfter(leap, 0, local('2024-06-03T10:00:00'), 5000 * DAY), undefined);
  });

  it('has no next slot for never', () => {
    const s = schedule('s', never());
    assert.equal(nextSlotAfter(s, 0, local('2024-06-03T10:00:00'), 30 * DAY), undefined);
    assert.equal(lastSlotBefore(s, 0, local('2024-06-03T10:00:00'), 0), undefined);
  });
});

// ---- an independent brute-force evaluation of reference 5.3, second by second (UTC: no DST) ----

const cronOracles = new Map<string, ReturnType<typeof createTask>>();
function cronOracle(expression: string, t: number): boolean {
  let task = cronOracles.get(expression);
  if (task === undefined) {
    task = createTask(expression, () => undefined, { timezone: 'UTC' });
    cronOracles.set(expression, task);
  }
  return task.match(new Date(t));
}

function windowOpen(w: TimeWindow, t: number): boolean {
  const d = new Date(t);
  const now = d.getUTCDay() * 1440 + d.getUTCHours() * 60 + d.getUTCMinutes();
  const from = (w.from.day ?? d.getUTCDay()) * 1440 + w.from.minute;
  const until = (w.until.day ?? d.getUTCDay()) * 1440 + w.until.minute;
  return from <= until ? from <= now && now <= until : !(until < now && now < from);
}

function bruteForceSlot(rules: readonly ScheduleRule[], offsetMs: number, t: number): boolean {
  const d = new Date(t);
  for (const r of rules) {
    if (r.kind === 'every' && (r.window === undefined || windowOpen(r.window, t))) return (t - offsetMs) % r.intervalMs === 0;
    if (r.kind === 'never' && (r.window === undefined || windowOpen(r.window, t))) return false;
    if (r.kind === 'at') {
      const minute = d.getUTCHours() * 60 + d.getUTCMinutes();
      if (d.getUTCSeconds() === 0 && r.times.some((w) => w.minute === minute && (w.day === undefined || w.day === d.getUTCDay()))) return true;
    }
    if (r.kind === 'cron' && cronOracle(r.expression, t)) return true;
  }
  return false;
}

const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }));
const dayName = fc.constantFrom('', 'sunday ', 'monday ', 'wednesday ', 'saturday ');
const hhmm = ([h, m]: [number, number]): string => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
const windowArb = fc.oneof(
  fc.tuple(clock, clock).map(([a, b]) => win(hhmm(a), hhmm(b))),
  fc.tuple(fc.constantFrom('sunday', 'monday', 'friday'), clock, fc.constantFrom('sunday', 'tuesday', 'saturday'), clock).map(
    ([d1, a, d2, b]) => win(`${d1} ${hhmm(a)}`, `${d2} ${hhmm(b)}`),
  ),
);
const ruleArb: fc.Arbitrary<ScheduleRule> = fc.oneof(
  fc.tuple(fc.constantFrom(7, 30, 60, 300, 3600), fc.option(windowArb, { nil: undefined })).map(([s, w]) => every(s * SECOND, w)),
  fc.option(windowArb, { nil: undefined }).map((w) => never(w)),
  fc.array(fc.tuple(dayName, clock), { minLength: 1, maxLength: 3 }).map((ts) => at(...ts.map(([d, c]) => `${d}${hhmm(c)}`))),
  fc.constantFrom('*/7 * * * *', '15,45 * * * *', '*/20 * * * * *', '10-20/5 * * * *', '* 3 * * mon-fri', '0 0 * * SUN', '*/13 */2 * * *').map(cron),
);

describe('slots agree with a second-by-second evaluation of the rules', () => {
  it('for random schedules and ranges (TZ=UTC)', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: Date.UTC(2024, 0, 1) / 1000, max: Date.UTC(2025, 0, 1) / 1000 }),
        fc.integer({ min: 1, max: 3600 }),
        fc.nat(),
        (rules, startSeconds, lengthSeconds, offsetSeed) => {
          const from = startSeconds * SECOND;
          const to = from + lengthSeconds * SECOND;
          const offsetMs = (offsetSeed % 3600) * SECOND;
          const expected: number[] = [];
          for (let t = from; t < to; t += SECOND) if (bruteForceSlot(rules, offsetMs, t)) expected.push(t);
          assert.deepEqual(slotsBetween(schedule('s', ...rules), offsetMs, from, to), expected);
        },
      ),
      { numRuns: 60 },
    );
    for (const task of cronOracles.values()) void task.destroy();
  });
});
