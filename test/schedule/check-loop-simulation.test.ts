/**
 * The real check loop, planner and ticker on a fake clock, over simulated
 * hours and days: the scheduling guarantees of SPEC §4 as properties.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { PairConfig, Schedule } from '../../src/config/config-model.js';
import { lastSlotBefore } from '../../src/schedule/schedule-slots.js';
import { DAY, HOUR, MINUTE, SECOND, at, cron, every, inTimeZone, schedule, wallText } from './schedule-builders.js';
import { SimulatedDaemon, type Run } from './simulated-daemon.js';

process.env.TZ = 'UTC';

const pairsArb = (maxLength: number, minLength = 1): fc.Arbitrary<PairConfig[]> =>
  fc
    .uniqueArray(fc.tuple(fc.constantFrom('disk', 'load', 'ping'), fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/)), {
      minLength,
      maxLength,
      selector: ([s, h]) => `${s}@${h}`,
    })
    .map((list) => list.map(([service, host]) => ({ service, host, schedule: 's', hostClass: 'c' })));
const startArb = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) });
const onGrid = (t: number, offset: number, interval: number): boolean => (((t - offset) % interval) + interval) % interval === 0;

describe('check loop simulation', () => {
  it('runs every pair once per slot, on its grid, with no slot missed', () => {
    fc.assert(
      fc.property(
        pairsArb(15),
        startArb,
        fc.constantFrom(10, 30, 60, 300, 900, 3600),
        fc.constantFrom(10, 30, 60),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (pairs, start, intervalS, pollS, hours, smart) => {
          const interval = intervalS * SECOND;
          const poll = pollS * SECOND;
          const sim = new SimulatedDaemon({ start, pairs, schedules: [schedule('s', every(interval))], pollIntervalMs: poll, smart }).start();
          sim.clock.advance(hours * HOUR);
          const end = sim.clock.now();
          sim.stop();
          for (const pair of pairs) {
            const runs = sim.runsOf(pair);
            const offset = sim.offsetOf(pair);
            assert.ok(runs.every((r) => r.firedAt === r.at), 'a run fired late or early');
            const ats = runs.map((r) => r.at);
            ats.slice(1).forEach((t, i) => assert.ok(t > (ats[i] ?? 0), 'a slot ran twice'));
            const offGrid = runs.filter((r) => !onGrid(r.at, offset, interval));
            assert.ok(offGrid.length <= 1 && (offGrid[0] === undefined || (offGrid[0] === runs[0] && offGrid[0].at < start + 2 * poll)), 'drift');
            const ran = new Set(ats);
            for (let s = start + ((((offset - start) % interval) + interval) % interval); s < end; s += interval) {
              assert.ok(ran.has(s), `slot ${new Date(s).toISOString()} of ${pair.service}@${pair.host} did not run`);
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('spreads pairs over the interval by their offsets in the first round', () => {
    fc.assert(
      fc.property(pairsArb(300, 200), startArb, fc.constantFrom(5 * MINUTE, 15 * MINUTE, HOUR), (pairs, start, interval) => {
        const s = schedule('s', every(interval));
        // A restart with state: every pair ran its latest slot before the start.
        const seeded = new SimulatedDaemon({
          start,
          pairs,
          schedules: [s],
          pollIntervalMs: MINUTE,
          lastDue: (_pair, offset) => lastSlotBefore(s, offset, start, 0) ?? 0,
        }).start();
        seeded.clock.advance(interval);
        seeded.stop();
        const firstRound = seeded.runs.filter((r) => r.at < start + interval);
        assert.equal(firstRound.length, pairs.length, 'each pair runs exactly once in the first interval');
        const buckets = new Array<number>(10).fill(0);
        for (const r of firstRound) buckets[Math.floor(((r.at - start) / interval) * 10)]! += 1;
        const expected = pairs.length / 10;
        assert.ok(Math.max(...buckets) <= 2 * expected, `bunched: ${buckets.join(' ')}`);
      }),
      { numRuns: 15 },
    );
  });

  const jumpCase = fc.record({
    pairs: pairsArb(12),
    start: startArb,
    intervalS: fc.constantFrom(60, 300, 900, 3600),
    pollS: fc.constantFrom(30, 60),
    warmUp: fc.integer({ min: 10 * MINUTE, max: 3 * HOUR }),
    jump: fc.integer({ min: HOUR, max: 2 * DAY }),
  });

  it('after a jump forward runs each pair once, spread over the first window, and never the stale slots', () => {
    fc.assert(
      fc.property(jumpCase, ({ pairs, start, intervalS, pollS, warmUp, jump }) => {
        const interval = intervalS * SECOND;
        const poll = pollS * SECOND;
        const sim = new SimulatedDaemon({ start, pairs, schedules: [schedule('s', every(interval))], pollIntervalMs: poll }).start();
        sim.clock.advance(warmUp);
        sim.clock.jump(jump);
        const jumpedTo = sim.clock.now();
        const [runsBefore, passesBefore] = [sim.runs.length, sim.passes.length];
        sim.clock.advance(interval + 3 * poll);
        sim.stop();
        const reanchor = sim.passes.slice(passesBefore).find((p) => p.reanchored);
        assert.ok(reanchor !== undefined && reanchor.startedAt - jumpedTo <= poll, 'the jump went unnoticed');
        const d = reanchor.startedAt;
        for (const pair of pairs) {
          const after = sim.runs.slice(runsBefore).filter((r) => r.service === pair.service && r.host === pair.host);
          assert.ok(after.every((r) => r.at >= jumpedTo), 'a slot from before the jump ran');
          assert.ok(after.filter((r) => r.firedAt < d + poll).length <= 1, 'burst in the first window');
          assert.ok(after.filter((r) => !onGrid(r.at, sim.offsetOf(pair), interval)).length <= 1, 'caught up more than once');
          assert.ok(after.some((r) => r.firedAt < d + 2 * poll), 'not caught up');
        }
      }),
      { numRuns: 30 },
    );
  });

  it('after a jump back keeps running every pair within interval + poll interval', () => {
    fc.assert(
      fc.property(jumpCase, ({ pairs, start, intervalS, pollS, warmUp, jump }) => {
        const interval = intervalS * SECOND;
        const poll = pollS * SECOND;
        const sim = new SimulatedDaemon({ start, pairs, schedules: [schedule('s', every(interval))], pollIntervalMs: poll }).start();
        sim.clock.advance(warmUp);
        sim.clock.jump(-jump);
        const jumpedTo = sim.clock.now();
        const [runsBefore, passesBefore] = [sim.runs.length, sim.passes.length];
        sim.clock.advance(interval + 3 * poll);
        sim.stop();
        const reanchor = sim.passes.slice(passesBefore).find((p) => p.reanchored);
        assert.ok(reanchor !== undefined && reanchor.startedAt - jumpedTo <= poll, 'the jump went unnoticed');
        for (const pair of pairs) {
          const after = sim.runs.slice(runsBefore).filter((r) => r.service === pair.service && r.host === pair.host);
          assert.ok(after.some((r) => r.firedAt <= jumpedTo + interval + poll), `${pair.service}@${pair.host} stalled`);
          assert.ok(after.every((r) => r.firedAt >= jumpedTo), 'a run before the jump was noticed');
          assert.ok(after.filter((r) => r.firedAt < reanchor.startedAt + poll).length <= 1, 'burst in the first window');
        }
      }),
      { numRuns: 30 },
    );
  });
});

const ZONES = ['Europe/Berlin', 'America/New_York'] as const;

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

describe('check loop simulation across DST changes', () => {
  it('neither skips nor repeats a daily at run (Europe/Berlin, America/New_York)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 2021, max: 2030 }),
        fc.constantFrom('spring' as const, 'fall' as const),
        fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 60, max: 239 })),
        pairsArb(3),
        (tz, year, season, minute, pairs) =>
          inTimeZone(tz, () => {
            const change = new Date(transition(year, season));
            const start = new Date(change.getFullYear(), change.getMonth(), change.getDate() - 1).getTime();
            const end = new Date(change.getFullYear(), change.getMonth(), change.getDate() + 2).getTime();
            const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
            // As if it had run just before the start: no catch-up, and a 00:00 run on the first day still due.
            const lastDue = start - 1;
            const sim = new SimulatedDaemon({ start, pairs, schedules: [schedule('s', at(time))], pollIntervalMs: MINUTE, lastDue }).start();
            sim.clock.advanceTo(end - 1);
            sim.stop();
            const days = [start, start + DAY + 2 * HOUR, end - 12 * HOUR].map((t) => wallText(t).slice(0, 10));
            for (const pair of pairs) {
              const runs: Run[] = sim.runsOf(pair);
              assert.deepEqual(runs.map((r) => wallText(r.at).slice(0, 10)), days, `${time}: ${runs.map((r) => wallText(r.at)).join(', ')}`);
              assert.ok(runs.every((r) => r.firedAt === r.at));
            }
          }),
      ),
      { numRuns: 12 },
    );
  });

  it('keeps an every-hour cron rhythm steady in real time across the change', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 2021, max: 2030 }), fc.constantFrom('spring' as const, 'fall' as const), (tz, year, season) =>
        inTimeZone(tz, () => {
          const change = transition(year, season);
          const pairs: PairConfig[] = [{ service: 'disk', host: 'a', schedule: 's', hostClass: 'c' }];
          const rhythm: Schedule = schedule('s', cron('*/15 * * * *'));
          const start = change - 3 * HOUR;
          const sim = new SimulatedDaemon({ start, pairs, schedules: [rhythm], pollIntervalMs: MINUTE, lastDue: start - 1 }).start();
          sim.clock.advanceTo(change + 3 * HOUR - 1);
          sim.stop();
          const ats = sim.runs.map((r) => r.at);
          assert.equal(ats.length, 24);
          ats.slice(1).forEach((t, i) => assert.equal(t - (ats[i] ?? 0), 15 * MINUTE));
        }),
      ),
      { numRuns: 8 },
    );
  });
});
