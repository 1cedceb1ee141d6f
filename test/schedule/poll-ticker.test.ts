import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getTasks, validate } from 'node-cron';
import { cronExpressionFor, startPollTicker, timerTicker } from '../../src/schedule/poll-ticker.js';
import { FakeClock } from './fake-clock.js';
import { HOUR, MINUTE, SECOND } from './schedule-builders.js';

describe('cronExpressionFor', () => {
  const table: readonly [number, string | undefined][] = [
    [MINUTE, '0 * * * * *'],
    [5 * MINUTE, '0 */5 * * * *'],
    [30 * MINUTE, '0 */30 * * * *'],
    [7 * MINUTE, undefined],
    [HOUR, '0 0 * * * *'],
    [2 * HOUR, '0 0 */2 * * *'],
    [5 * HOUR, undefined],
    [24 * HOUR, '0 0 0 * * *'],
    [48 * HOUR, undefined],
    [30 * SECOND, undefined],
    [90 * SECOND, undefined],
  ];
  for (const [interval, expected] of table) {
    it(`is ${expected ?? 'undefined'} for ${interval} ms`, () => {
      assert.equal(cronExpressionFor(interval), expected);
      if (expected !== undefined) assert.ok(validate(expected));
    });
  }
});

describe('timerTicker', () => {
  it('ticks on the wall-clock multiples of the interval without drift', () => {
    const clock = new FakeClock(Date.UTC(2024, 5, 3, 10, 0, 17, 250));
    const ticks: number[] = [];
    const stop = timerTicker(clock)(10 * SECOND, () => ticks.push(clock.now()));
    clock.advance(1000 * 10 * SECOND);
    stop();
    assert.equal(ticks.length, 1000);
    for (const t of ticks) assert.equal(t % (10 * SECOND), 0);
    assert.equal(clock.timerCount, 0);
  });

  it('keeps ticking after the clock is set back or forward', () => {
    const clock = new FakeClock(Date.UTC(2024, 5, 3, 10, 0, 0));
    const ticks: number[] = [];
    const stop = timerTicker(clock)(MINUTE, () => ticks.push(clock.now()));
    clock.advance(90 * SECOND);
    clock.jump(-3 * HOUR);
    clock.advance(2 * MINUTE);
    const afterBack = ticks.length;
    assert.ok(afterBack >= 3, `only ${afterBack} ticks`);
    clock.jump(5 * HOUR);
    clock.advance(2 * MINUTE);
    stop();
    assert.ok(ticks.length >= afterBack + 2);
    for (let i = 1; i < ticks.length; i++) assert.notEqual(ticks[i], ticks[i - 1]);
  });
});

describe('startPollTicker', () => {
  it('ticks on a timer for intervals cron cannot express', async () => {
    let ticks = 0;
    const stop = startPollTicker(20, () => ticks++);
    await new Promise((resolve) => setTimeout(resolve, 150));
    stop();
    const seen = ticks;
    assert.ok(seen >= 2, `${seen} ticks`);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(ticks, seen);
  });

  it('uses a node-cron task for whole minutes and removes it when stopped', () => {
    const before = getTasks().size;
    const stop = startPollTicker(MINUTE, () => undefined);
    assert.equal(getTasks().size, before + 1);
    stop();
    assert.equal(getTasks().size, before);
  });
});
