import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createTask, validate } from 'node-cron';
import { cronMatchesWall, cronWallTimes, parseCron } from '../../src/schedule/cron-expression.js';
import { slotsBetween } from '../../src/schedule/schedule-slots.js';
import { DAY, HOUR, MINUTE, cron, local, schedule, wallText } from './schedule-builders.js';

process.env.TZ = 'UTC';

function fires(expression: string, from: string, to: string): string[] {
  return slotsBetween(schedule('s', cron(expression)), 0, local(from), local(to)).map(wallText);
}

describe('cron rules in node-cron grammar (TZ=UTC)', () => {
  const table: readonly [string, string, string, string, readonly string[]][] = [
    ['steps of minutes', '*/15 * * * *', '2024-06-03T10:00:00', '2024-06-03T11:00:00', ['10:00', '10:15', '10:30', '10:45'].map((t) => `2024-06-03 ${t}:00`)],
    ['stepped hours with a fixed minute', '30 */6 * * *', '2024-06-03T00:00:00', '2024-06-04T00:00:00', ['00', '06', '12', '18'].map((h) => `2024-06-03 ${h}:30:00`)],
    ['a range with a step', '10-30/10 9 * * *', '2024-06-03T00:00:00', '2024-06-04T00:00:00', ['09:10', '09:20', '09:30'].map((t) => `2024-06-03 ${t}:00`)],
    ['day names as a range', '0 9 * * mon-fri', '2024-06-02T00:00:00', '2024-06-09T00:00:00', ['03', '04', '05', '06', '07'].map((d) => `2024-06-${d} 09:00:00`)],
    ['7 as sunday', '0 0 * * 7', '2024-06-01T00:00:00', '2024-06-16T00:00:00', ['2024-06-02 00:00:00', '2024-06-09 00:00:00']],
    ['month names in a list', '0 0 1 jan,jul *', '2024-01-01T00:00:00', '2025-01-01T00:00:00', ['2024-01-01 00:00:00', '2024-07-01 00:00:00']],
    ['a seconds field', '*/10 * * * * *', '2024-06-03T10:00:00', '2024-06-03T10:00:30', ['00', '10', '20'].map((s) => `2024-06-03 10:00:${s}`)],
    ['the last day of the month', '0 12 L * *', '2024-02-01T00:00:00', '2024-04-01T00:00:00', ['2024-02-29 12:00:00', '2024-03-31 12:00:00']],
    ['the weekday nearest the 15th (a saturday)', '0 12 15W * *', '2024-06-01T00:00:00', '2024-07-01T00:00:00', ['2024-06-14 12:00:00']],
    ['the last friday', '0 12 * * 5L', '2024-06-01T00:00:00', '2024-07-01T00:00:00', ['2024-06-28 12:00:00']],
    ['the second monday', '0 12 * * 1#2', '2024-06-01T00:00:00', '2024-07-01T00:00:00', ['2024-06-10 12:00:00']],
    ['a nickname', '@daily', '2024-06-03T00:00:00', '2024-06-05T00:00:00', ['2024-06-03 00:00:00', '2024-06-04 00:00:00']],
    ['day of month AND day of week, as node-cron does', '0 0 1 * 1', '2024-06-01T00:00:00', '2024-09-01T00:00:00', ['2024-07-01 00:00:00']],
  ];
  for (const [name, expression, from, to, expected] of table) {
    it(`fires on ${name} (${expression})`, () => assert.deepEqual(fires(expression, from, to), expected));
  }

  it('refuses what node-cron refuses', () => {
    assert.throws(() => parseCron('61 * * * *'));
    assert.throws(() => parseCron('* * *'));
  });
});

// ---- node-cron's own matcher as the oracle ----

const field = (max: number, min = 0): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant('*'),
    fc.integer({ min: 1, max: Math.min(30, max) }).map((n) => `*/${n}`),
    fc.integer({ min, max }).map(String),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }), fc.integer({ min: 1, max: 9 })).map(
      ([a, b, s]) => `${Math.min(a, b)}-${Math.max(a, b)}/${s}`,
    ),
    fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 4 }).map((xs) => xs.join(',')),
  );
const dayOfMonth = fc.oneof(field(31, 1), fc.constantFrom('L', 'LW', '1W', '15W', '31W', 'L-1', 'L-3'));
const month = fc.oneof(field(12, 1), fc.constantFrom('jan-mar', 'feb', 'jun,dec', 'JUL-SEP'));
const dayOfWeek = fc.oneof(field(7), fc.constantFrom('mon-fri', 'sun', 'sat,sun', '5L', '0L', '1#2', '3#5', 'TUE'));
const expressionArb = fc
  .tuple(fc.option(field(59), { nil: undefined }), field(59), field(23), dayOfMonth, month, dayOfWeek)
  .map(([s, ...rest]) => (s === undefined ? rest : [s, ...rest]).join(' '))
  .filter((e) => validate(e));

describe('cron matching agrees with node-cron', () => {
  it('on random expressions and instants', () => {
    fc.assert(
      fc.property(
        expressionArb,
        fc.array(fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 }), { minLength: 50, maxLength: 50 }),
        (expression, seconds) => {
          const task = createTask(expression, () => undefined, { timezone: 'UTC' });
          try {
            const fields = parseCron(expression);
            // Random instants rarely match, so also check instants the enumeration claims match.
            const claimed: number[] = [];
            const first = (seconds[0] ?? 0) * 1000;
            cronWallTimes(fields, first - (first % DAY), first - (first % DAY) + 40 * DAY, claimed);
            for (const t of [...seconds.map((s) => s * 1000), ...claimed.slice(0, 50)]) {
              assert.equal(cronMatchesWall(fields, t), task.match(new Date(t)), `${expression} at ${new Date(t).toISOString()}`);
            }
          } finally {
            void task.destroy();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('enumerates exactly the minutes node-cron matches', () => {
    fc.assert(
      fc.property(
        expressionArb.filter((e) => e.split(' ').length === 5),
        fc.integer({ min: Date.UTC(2020, 0, 1) / MINUTE, max: Date.UTC(2030, 0, 1) / MINUTE }),
        (expression, startMinute) => {
          const task = createTask(expression, () => undefined, { timezone: 'UTC' });
          try {
            const from = startMinute * MINUTE;
            const to = from + 2 * DAY + HOUR;
            const expected: number[] = [];
            for (let t = from; t < to; t += MINUTE) if (task.match(new Date(t))) expected.push(t);
            const actual: number[] = [];
            cronWallTimes(parseCron(expression), from, to, actual);
            assert.deepEqual(actual, expected);
          } finally {
            void task.destroy();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
