import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PairConfig, Schedule } from '../../src/config/config-model.js';
import { RC } from '../../src/domain/return-code.js';
import { offsetMs } from '../../src/schedule/pair-offset.js';
import { planChecks, type Dispatch, type PairTiming, type PlanInput } from '../../src/schedule/plan-checks.js';
import { slotsBetween } from '../../src/schedule/schedule-slots.js';
import { staggerCap } from '../../src/schedule/stagger-cap.js';
import { DAY, HOUR, MINUTE, SECOND, at, every, local, never, schedule, win } from './schedule-builders.js';

process.env.TZ = 'UTC';

const pairsOf = (service: string, hosts: readonly string[], scheduleName = 's'): PairConfig[] =>
  hosts.map((host) => ({ service, host, schedule: scheduleName, hostClass: 'c' }));
const hostNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `h${String(i).padStart(3, '0')}`);

function plan(
  s: Schedule,
  pairs: readonly PairConfig[],
  windowStart: number,
  more: Partial<PlanInput> & { timings?: Record<string, PairTiming> } = {},
): Dispatch[] {
  return planChecks({
    pairs,
    schedules: new Map([[s.name, s]]),
    timing: (service, host) => more.timings?.[`${service}@${host}`],
    windowStart,
    windowEnd: windowStart + MINUTE,
    smart: false,
    busy: () => false,
    timeoutMs: () => 45 * SECOND,
    ...more,
  });
}

const ran = (lastDue: number, rc: number = RC.OK): PairTiming => ({ lastDue, rescheduled: false, rc });
const allRan = (pairs: readonly PairConfig[], timing: PairTiming): Record<string, PairTiming> =>
  Object.fromEntries(pairs.map((p) => [`${p.service}@${p.host}`, timing]));

describe('planChecks: slots', () => {
  it('dispatches each slot in the window at its instant, one job per service and instant, hosts in config order', () => {
    const pairs = [...pairsOf('disk', ['b', 'a']), ...pairsOf('load', ['a']), ...pairsOf('disk', ['c'])];
    const ws = local('2024-06-03T10:00:00');
    const got = plan(schedule('s', every(MINUTE)), pairs, ws, { timings: allRan(pairs, ran(ws - MINUTE)) });
    assert.deepEqual(got, [
      { at: ws, service: 'disk', hosts: ['b', 'a', 'c'] },
      { at: ws, service: 'load', hosts: ['a'] },
    ]);
  });

  it('spreads pairs over the interval by their offsets with smart scheduling', () => {
    const pairs = pairsOf('disk', hostNames(60));
    const ws = local('2024-06-03T10:00:00');
    const got = plan(schedule('s', every(MINUTE)), pairs, ws, { smart: true, timings: allRan(pairs, ran(ws - 2 * MINUTE)) });
    const atOf = new Map(got.flatMap((d) => d.hosts.map((h) => [h, d.at] as const)));
    for (const p of pairs) assert.equal(atOf.get(p.host), ws + offsetMs('disk', p.host, MINUTE));
    assert.ok(new Set(atOf.values()).size > 30, 'pairs share few instants');
    assert.deepEqual(got.map((d) => d.at), [...got.map((d) => d.at)].sort((a, b) => a - b));
  });

  it('dispatches the slots of a pair that last ran in or after the window (the clock went back)', () => {
    const ws = local('2024-06-03T10:00:00');
    for (const lastDue of [ws, ws + 30 * SECOND, ws + HOUR]) {
      assert.deepEqual(plan(schedule('s', every(MINUTE)), pairsOf('disk', ['a']), ws, { timings: { 'disk@a': ran(lastDue) } }), [
        { at: ws, service: 'disk', hosts: ['a'] },
      ]);
    }
  });

  it('plans nothing for an empty window and refuses a non-finite one', () => {
    const ws = local('2024-06-03T10:00:00');
    assert.deepEqual(plan(schedule('s', every(SECOND)), pairsOf('disk', ['a']), ws, { windowEnd: ws }), []);
    assert.throws(() => plan(schedule('s', every(SECOND)), pairsOf('disk', ['a']), Number.NaN), RangeError);
  });

  it('keeps the regular slots of a busy pair: a pair still running at planning time must not lose its next slot', () => {
    const ws = local('2024-06-03T10:00:00');
    const got = plan(schedule('s', every(MINUTE)), pairsOf('disk', ['a', 'b']), ws, { busy: (_s, h) => h === 'a' });
    assert.deepEqual(got, [{ at: ws, service: 'disk', hosts: ['a', 'b'] }]);
  });

  it('neither catches up nor reschedules a busy pair until it is free', () => {
    const ws = local('2024-06-03T10:01:00'); // no 5-minute slot in the window
    const timings = { 'disk@a': ran(ws - 3 * HOUR), 'disk@b': { lastDue: 0, rescheduled: true, rc: RC.OK } };
    const fiveMinutes = schedule('s', every(5 * MINUTE));
    assert.deepEqual(plan(fiveMinutes, pairsOf('disk', ['a', 'b']), ws, { timings, busy: () => true }), []);
    assert.equal(plan(fiveMinutes, pairsOf('disk', ['a', 'b']), ws, { timings }).length > 0, true);
  });
});

describe('planChecks: catch-ups', () => {
  const fiveMinutes = schedule('s', every(5 * MINUTE));
  const ws = local('2024-06-03T10:01:00'); // no 5-minute slot in [10:01, 10:02)

  it('catches up a pair that missed many slots once, at the window start (offset 0)', () => {
    assert.deepEqual(plan(fiveMinutes, pairsOf('disk', ['a']), ws, { timings: { 'disk@a': ran(ws - 3 * HOUR) } }), [
      { at: ws, service: 'disk', hosts: ['a'] },
    ]);
  });

  it('does not catch up a pair whose last run was its latest slot', () => {
    assert.deepEqual(plan(fiveMinutes, pairsOf('disk', ['a']), ws, { timings: { 'disk@a': ran(local('2024-06-03T10:00:00')) } }), []);
  });

  it('spreads catch-ups over the window by offset with smart scheduling', () => {
    const pairs = pairsOf('disk', hostNames(50));
    // Not OK, so the staggering cap (1 per window for 50 hosts every hour) does not apply.
    const got = plan(schedule('s', every(HOUR)), pairs, ws, { smart: true, timings: allRan(pairs, ran(ws - DAY, RC.WARNING)) });
    const ats = got.flatMap((d) => d.hosts.map(() => d.at));
    assert.equal(ats.length, 50);
    assert.ok(ats.every((t) => t >= ws && t < ws + MINUTE));
    assert.ok(new Set(ats).size > 25, 'catch-ups bunch together');
    for (const d of got) {
      for (const h of d.hosts) {
        const off = offsetMs('disk', h, HOUR);
        const slot = slotsBetween(schedule('s', every(HOUR)), off, ws, ws + MINUTE)[0];
        assert.equal(d.at, slot ?? ws + ((((off - ws) % MINUTE) + MINUTE) % MINUTE));
      }
    }
  });

  it('gives a never-run pair its first run in the first window', () => {
    assert.deepEqual(plan(fiveMinutes, pairsOf('disk', ['a']), ws), [{ at: ws, service: 'disk', hosts: ['a'] }]);
    assert.deepEqual(plan(schedule('s', at('03:00')), pairsOf('disk', ['a']), ws), [{ at: ws, service: 'disk', hosts: ['a'] }]);
  });

  it('never runs a pair whose schedule is never', () => {
    assert.deepEqual(plan(schedule('s', never()), pairsOf('disk', ['a']), ws), []);
  });

  it('runs a rescheduled pair at the window start, even when its schedule is never', () => {
    const timings = { 'disk@a': { lastDue: 0, rescheduled: true, rc: RC.OK } };
    assert.deepEqual(plan(schedule('s', never()), pairsOf('disk', ['a']), ws, { timings }), [{ at: ws, service: 'disk', hosts: ['a'] }]);
  });

  it('does not stall a pair whose last run lies after the window (the clock went back)', () => {
    const timings = { 'disk@a': ran(ws + 2 * HOUR) };
    assert.deepEqual(plan(fiveMinutes, pairsOf('disk', ['a']), ws, { timings }), []);
    const withSlot = local('2024-06-03T10:05:00');
    assert.deepEqual(plan(fiveMinutes, pairsOf('disk', ['a']), withSlot, { timings }), [{ at: withSlot, service: 'disk', hosts: ['a'] }]);
  });

  it('does not place a catch-up where a never rule decides', () => {
    const nights = schedule('s', never(win('22:00', '06:59')), every(HOUR));
    const timings = { 'disk@a': ran(local('2024-06-02T21:00:00')) };
    assert.deepEqual(plan(nights, pairsOf('disk', ['a']), local('2024-06-02T23:00:30'), { timings }), []);
    const morning = local('2024-06-03T07:00:30');
    assert.deepEqual(plan(nights, pairsOf('disk', ['a']), morning, { timings }), [
      { at: local('2024-06-03T07:01:00'), service: 'disk', hosts: ['a'] },
    ]);
  });
});

describe('planChecks: staggering cap (smart scheduling)', () => {
  const quarterHour = schedule('s', every(15 * MINUTE));
  const ws = local('2024-06-03T10:00:30');
  const pairs = pairsOf('disk', hostNames(100));
  const withSlot = new Set(pairs.filter((p) => slotsBetween(quarterHour, offsetMs('disk', p.host, 15 * MINUTE), ws, ws + MINUTE).length > 0).map((p) => p.host));
  const timeoutMs = (): number => 3 * MINUTE;
  const hostsOf = (ds: readonly Dispatch[]): string[] => ds.flatMap((d) => d.hosts);

  it('catches up at most hosts / (interval / timeout) OK pairs per window, in config order, slots unaffected', () => {
    const got = hostsOf(plan(quarterHour, pairs, ws, { smart: true, timeoutMs, timings: allRan(pairs, ran(ws - DAY)) }));
    const candidates = pairs.map((p) => p.host).filter((h) => !withSlot.has(h));
    assert.deepEqual(new Set(got), new Set([...withSlot, ...candidates.slice(0, 20)]));
  });

  it('lets the rest catch up in the next windows', () => {
    const timings = allRan(pairs, ran(ws - DAY));
    const first = plan(quarterHour, pairs, ws, { smart: true, timeoutMs, timings });
    for (const d of first) for (const h of d.hosts) timings[`disk@${h}`] = ran(d.at);
    const second = hostsOf(plan(quarterHour, pairs, ws + MINUTE, { smart: true, timeoutMs, timings }));
    const candidates = pairs.map((p) => p.host).filter((h) => !withSlot.has(h));
    for (const h of candidates.slice(20, 40)) assert.ok(second.includes(h), `${h} waits too long`);
  });

  it('still catches up every pair that is not OK', () => {
    const got = hostsOf(plan(quarterHour, pairs, ws, { smart: true, timeoutMs, timings: allRan(pairs, ran(ws - DAY, RC.PROBLEM)) }));
    assert.equal(got.length, 100);
  });

  it('does not cap services with fewer than 20 hosts, at schedules, or without smart scheduling', () => {
    const few = pairs.slice(0, 19);
    assert.equal(hostsOf(plan(quarterHour, few, ws, { smart: true, timeoutMs, timings: allRan(few, ran(ws - DAY)) })).length, 19);
    const nightly = schedule('s', at('03:00'));
    assert.equal(hostsOf(plan(nightly, pairs, ws, { smart: true, timeoutMs, timings: allRan(pairs, ran(ws - DAY)) })).length, 100);
    assert.equal(hostsOf(plan(quarterHour, pairs, ws, { smart: false, timeoutMs, timings: allRan(pairs, ran(ws - DAY)) })).length, 100);
  });
});

describe('staggerCap', () => {
  const table: readonly [string, number, number | undefined, number, number | undefined][] = [
    ['the manual: 100 hosts every 15 min, 3 min timeout', 100, 15 * MINUTE, 3 * MINUTE, 20],
    ['the manual: 50 hosts every 30 min, 3 min timeout', 50, 30 * MINUTE, 3 * MINUTE, 5],
    ['fewer than 20 hosts', 19, 15 * MINUTE, 3 * MINUTE, undefined],
    ['an interval shorter than the timeout (1.0 divided by zero)', 100, MINUTE, 3 * MINUTE, undefined],
    ['no every rule deciding', 100, undefined, 3 * MINUTE, undefined],
    ['a zero timeout', 100, MINUTE, 0, undefined],
    ['a tiny share, still at least one', 20, HOUR, SECOND, 1],
  ];
  for (const [name, hosts, interval, timeout, expected] of table) {
    it(`is ${String(expected)} for ${name}`, () => assert.equal(staggerCap(hosts, interval, timeout), expected));
  }
});

describe('planChecks performance', () => {
  it('plans a 60 s window for 100,000 pairs every minute', () => {
    const s = schedule('s', every(MINUTE));
    const pairs = Array.from({ length: 100_000 }, (_, i) => ({ service: `svc${i % 50}`, host: `host${i}.example.com`, schedule: 's', hostClass: 'c' }));
    const ws = local('2024-06-03T10:00:00');
    const timings = new Map(pairs.map((p) => [`${p.service}\0${p.host}`, ran(ws - MINUTE + offsetMs(p.service, p.host, MINUTE))]));
    const input: PlanInput = {
      pairs,
      schedules: new Map([['s', s]]),
      timing: (service, host) => timings.get(`${service}\0${host}`),
      windowStart: ws,
      windowEnd: ws + MINUTE,
      smart: true,
      busy: () => false,
      timeoutMs: () => 45 * SECOND,
    };
    planChecks(input); // warm-up
    let steady = Infinity;
    let got: Dispatch[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      got = planChecks(input);
      steady = Math.min(steady, performance.now() - started);
    }
    const firstStart = performance.now();
    const fresh = planChecks({ ...input, timing: () => undefined });
    const first = performance.now() - firstStart;
    console.log(`planChecks, 100,000 pairs every minute, 60 s window: ${steady.toFixed(1)} ms steady (best of 3), ${first.toFixed(1)} ms on a fresh start`);
    for (const result of [got, fresh]) {
      const seen = new Map<string, number>();
      for (const d of result) for (const h of d.hosts) seen.set(`${d.service}\0${h}`, d.at);
      assert.equal(seen.size, 100_000);
      for (const p of pairs) assert.equal(seen.get(`${p.service}\0${p.host}`), ws + offsetMs(p.service, p.host, MINUTE));
      assert.equal(result.reduce((n, d) => n + d.hosts.length, 0), 100_000);
    }
  });
});

describe('planChecks: disabled and paused pairs', () => {
  it('plans no slot, reschedule or catch-up of a pair while disabled, and the slots after a pause ends', () => {
    const pairs = pairsOf('disk', ['a', 'b', 'c']);
    const ws = local('2024-06-03T10:00:00');
    const s = schedule('s', every(10 * SECOND));
    const timings = { 'disk@a': ran(ws - 10 * SECOND), 'disk@b': { lastDue: ws - 10 * SECOND, rescheduled: true, rc: RC.OK } };
    // a: disabled for the whole window; b: paused until 30 s into the window; c: never ran, disabled too.
    const disabled = (_service: string, host: string, at: number): boolean => host === 'a' || host === 'c' || (host === 'b' && at < ws + 30 * SECOND);
    const got = plan(s, pairs, ws, { timings, disabled });
    assert.deepEqual(got, [30, 40, 50].map((sec) => ({ at: ws + sec * SECOND, service: 'disk', hosts: ['b'] })));
    assert.equal(plan(s, pairs, ws, { timings }).filter((d) => d.hosts.includes('a')).length, 6, 'without the predicate a runs at every slot');
  });
});
