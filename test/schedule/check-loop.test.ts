import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CheckLoop, type Dispatch, type PassStats } from '../../src/schedule/check-loop.js';
import { timerTicker } from '../../src/schedule/poll-ticker.js';
import { FakeClock } from './fake-clock.js';
import { HOUR, MINUTE, SECOND } from './schedule-builders.js';

const T0 = Date.UTC(2024, 5, 3, 10, 0, 17, 250);
const POLL = MINUTE;

interface Fired {
  readonly d: Dispatch;
  readonly now: number;
}

function harness(plan: (ws: number, we: number) => readonly Dispatch[], start = T0) {
  const clock = new FakeClock(start);
  const windows: [number, number][] = [];
  const fired: Fired[] = [];
  const passes: PassStats[] = [];
  let maxTimers = 0;
  const loop = new CheckLoop({
    clock,
    ticker: timerTicker(clock),
    pollIntervalMs: POLL,
    plan: (ws, we) => {
      windows.push([ws, we]);
      return plan(ws, we);
    },
    dispatch: (d) => {
      fired.push({ d, now: clock.now() });
      maxTimers = Math.max(maxTimers, clock.timerCount);
    },
    onPass: (s) => passes.push(s),
  });
  return { clock, loop, windows, fired, passes, maxTimers: () => maxTimers };
}

/** A job for host `a` of service `x` at every whole 10 s of the window. */
function everyTenSeconds(ws: number, we: number): Dispatch[] {
  const out: Dispatch[] = [];
  for (let t = Math.ceil(ws / 10_000) * 10_000; t < we; t += 10_000) out.push({ at: t, service: 'x', hosts: ['a'] });
  return out;
}

describe('CheckLoop', () => {
  it('plans more pairs into the rest of the current window (a reload adding pairs), in order with the planned ones', () => {
    const h = harness(everyTenSeconds);
    h.loop.start();
    h.clock.advance(15 * SECOND);
    const asked: [number, number][] = [];
    h.loop.planMore((ws, we) => {
      asked.push([ws, we]);
      return [ws, ws + 5 * SECOND, ws + 5 * SECOND + 1].map((at, i) => ({ at, service: 'y', hosts: [`new${i}`] }));
    });
    assert.deepEqual(asked, [[T0 + 15 * SECOND, T0 + POLL]]);
    h.clock.advance(POLL);
    h.loop.stop();
    const added = h.fired.filter((f) => f.d.service === 'y');
    assert.deepEqual(added.map((f) => f.now - T0), [15 * SECOND, 20 * SECOND, 20 * SECOND + 1]);
    const ats = h.fired.map((f) => f.d.at);
    assert.deepEqual(ats, [...ats].sort((a, b) => a - b), 'dispatched in time order');
  });

  it('plans the first window at start and then contiguous windows aligned to the ticks', () => {
    const h = harness(() => []);
    h.loop.start();
    h.clock.advance(10 * MINUTE);
    h.loop.stop();
    assert.deepEqual(h.windows[0], [T0, T0 + POLL]);
    const firstTick = Math.ceil(T0 / POLL) * POLL;
    assert.deepEqual(h.windows[1], [firstTick, firstTick + POLL]);
    for (let i = 2; i < h.windows.length; i++) assert.equal(h.windows[i]?.[0], h.windows[i - 1]?.[1]);
    assert.equal(h.windows.length, 11);
  });

  it('dispatches each job at its instant with a single timer', () => {
    const h = harness(everyTenSeconds);
    h.loop.start();
    h.clock.advance(5 * MINUTE);
    h.loop.stop();
    assert.ok(h.fired.length >= 29);
    for (const f of h.fired) assert.equal(f.now, f.d.at);
    assert.ok(h.maxTimers() <= 2, `${h.maxTimers()} timers armed`);
  });

  it('replans the rest of the window on an early tick without dispatching anything twice or missing anything', () => {
    const h = harness(everyTenSeconds);
    h.loop.start();
    h.clock.advance(5 * MINUTE);
    h.loop.stop();
    const ats = h.fired.map((f) => f.d.at);
    assert.equal(new Set(ats).size, ats.length);
    const expected: number[] = [];
    for (let t = Math.ceil(T0 / 10_000) * 10_000; t <= T0 + 5 * MINUTE; t += 10_000) expected.push(t);
    assert.deepEqual(ats, expected);
  });

  it('re-anchors after a jump forward and never dispatches the stale window', () => {
    const h = harness(everyTenSeconds);
    h.loop.start();
    h.clock.advance(30 * SECOND);
    h.clock.jump(3 * HOUR);
    const jumpedAt = h.clock.now();
    const before = h.fired.length;
    h.clock.advance(2 * MINUTE);
    h.loop.stop();
    const after = h.fired.slice(before);
    assert.ok(after.length > 0);
    assert.ok(after.every((f) => f.d.at >= jumpedAt), 'a pre-jump job was dispatched');
    const reanchor = h.passes.find((p) => p.reanchored);
    assert.ok(reanchor !== undefined && reanchor.windowStart >= jumpedAt && reanchor.windowStart <= jumpedAt + POLL);
  });

  it('re-anchors after a jump back, detected by its timer, and keeps dispatching', () => {
    const h = harness(everyTenSeconds);
    h.loop.start();
    h.clock.advance(30 * SECOND);
    h.clock.jump(-3 * HOUR);
    const jumpedAt = h.clock.now();
    const before = h.fired.length;
    h.clock.advance(11 * SECOND);
    const reanchor = h.passes.find((p) => p.reanchored);
    assert.ok(reanchor !== undefined && reanchor.windowStart - jumpedAt <= 10 * SECOND, 'the jump was not noticed by the next timer');
    h.clock.advance(MINUTE);
    h.loop.stop();
    assert.ok(h.fired.slice(before).some((f) => f.now < jumpedAt + 30 * SECOND), 'dispatching stalled');
  });

  it('does not dispatch again at instants it already passed when the clock steps back a little', () => {
    const h = harness(everyTenSeconds);
    h.loop.start();
    h.clock.advanceTo(Math.ceil(T0 / POLL) * POLL + 2 * POLL - 2 * SECOND); // just before a tick, after a dispatch
    h.clock.jump(-15 * SECOND);
    h.clock.advance(3 * POLL);
    h.loop.stop();
    const ats = h.fired.map((f) => f.d.at);
    assert.equal(new Set(ats).size, ats.length, 'an instant was dispatched twice');
    assert.ok(!h.passes.some((p) => p.reanchored));
  });

  it('runs a pair once, for its latest job, when a late timer finds several due', () => {
    const h = harness((ws) =>
      ws === T0
        ? [
            { at: T0 + SECOND, service: 'x', hosts: ['a', 'b'] },
            { at: T0 + 2 * SECOND, service: 'x', hosts: ['a'] },
          ]
        : [],
    );
    h.loop.start();
    h.clock.advance(SECOND - 1);
    h.clock.jump(1500); // the timer for T0+1s fires when the wall clock already reads T0+2.5s
    h.clock.advance(1);
    h.loop.stop();
    assert.deepEqual(
      h.fired.map((f) => f.d),
      [
        { at: T0 + SECOND, service: 'x', hosts: ['b'] },
        { at: T0 + 2 * SECOND, service: 'x', hosts: ['a'] },
      ],
    );
  });

  it('stops its timer and its ticker', () => {
    const h = harness(everyTenSeconds);
    h.loop.start();
    h.clock.advance(15 * SECOND);
    h.loop.stop();
    assert.equal(h.clock.timerCount, 0);
    const fired = h.fired.length;
    const planned = h.windows.length;
    h.clock.advance(10 * MINUTE);
    assert.equal(h.fired.length, fired);
    assert.equal(h.windows.length, planned);
    assert.equal(h.loop.pending, 0);
  });

  it('reports every pass for the heartbeat', () => {
    const h = harness((ws) => [
      { at: ws + SECOND, service: 'x', hosts: ['a', 'b'] },
      { at: ws + 2 * SECOND, service: 'y', hosts: ['c'] },
    ]);
    h.loop.start();
    h.loop.stop();
    assert.deepEqual(h.passes, [
      { startedAt: T0, durationMs: 0, windowStart: T0, windowEnd: T0 + POLL, pairsPlanned: 3, dispatches: 2, reanchored: false },
    ]);
  });

  it('refuses a poll interval that is not a positive number', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(
        () => new CheckLoop({ clock: new FakeClock(0), ticker: () => () => undefined, pollIntervalMs: bad, plan: () => [], dispatch: () => undefined }),
        RangeError,
      );
    }
  });

  it('hands planning errors to onError and keeps going', () => {
    const clock = new FakeClock(T0);
    const errors: unknown[] = [];
    let passes = 0;
    const loop = new CheckLoop({
      clock,
      ticker: timerTicker(clock),
      pollIntervalMs: POLL,
      plan: () => {
        passes++;
        if (passes === 2) throw new Error('boom');
        return [];
      },
      dispatch: () => undefined,
      onError: (e) => errors.push(e),
    });
    loop.start();
    clock.advance(5 * MINUTE);
    loop.stop();
    assert.equal(errors.length, 1);
    assert.ok(passes >= 5);
  });

  it('throws planning errors from start without onError, and refuses to start twice', () => {
    const failing = harness(() => {
      throw new Error('boom');
    });
    assert.throws(() => failing.loop.start(), /boom/);
    assert.equal(failing.clock.timerCount, 0);
    const h = harness(() => []);
    h.loop.start();
    assert.throws(() => h.loop.start(), /already running/);
    h.loop.stop();
  });
});
