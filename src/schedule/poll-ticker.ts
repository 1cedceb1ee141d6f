/**
 * What wakes the check loop every poll interval (SPEC §4): node-cron for whole
 * minutes that divide an hour or hours that divide a day (passes land on the
 * local clock's whole minutes, as in 1.0), a self-correcting timer chain
 * otherwise.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { realClock, type Clock, type TimerHandle } from './clock.js';

export { realClock } from './clock.js';

/** Calls `tick` every intervalMs until the returned stop function is called. */
export type Ticker = (intervalMs: number, tick: () => void) => () => void;

/**
 * The node-cron expression firing every intervalMs on the local clock, or
 * undefined when cron cannot express the interval evenly (not whole minutes,
 * 7 minutes, 5 hours, more than a day).
 */
export function cronExpressionFor(intervalMs: number): string | undefined {
  const minutes = intervalMs / 60_000;
  if (!Number.isInteger(minutes) || minutes < 1) return undefined;
  if (minutes === 1) return '0 * * * * *';
  if (minutes < 60) return 60 % minutes === 0 ? `0 */${minutes} * * * *` : undefined;
  const hours = minutes / 60;
  if (!Number.isInteger(hours) || 24 % hours !== 0) return undefined;
  if (hours === 1) return '0 0 * * * *';
  return hours === 24 ? '0 0 0 * * *' : `0 0 */${hours} * * *`;
}

/**
 * A ticker on a timer chain: fires at the wall-clock multiples of the
 * interval (since the epoch), recomputing every delay from clock.now(), so it
 * does not drift and keeps ticking across clock jumps.
 */
export function timerTicker(clock: Clock): Ticker {
  return (intervalMs, tick) => {
    let lastBoundary = -Infinity;
    let handle: TimerHandle | undefined;
    let stopped = false;
    const arm = (): void => {
      const now = clock.now();
      let boundary = Math.floor(now / intervalMs) * intervalMs + intervalMs;
      // A timer may fire a hair before its wall time; never tick twice for one boundary
      // (unless the clock went back, where the old boundary means nothing any more).
      if (boundary <= lastBoundary && now >= lastBoundary - intervalMs) boundary = lastBoundary + intervalMs;
      handle = clock.setTimer(() => {
        if (stopped) return;
        lastBoundary = boundary;
        arm();
        tick();
      }, boundary - now);
    };
    arm();
    return () => {
      stopped = true;
      if (handle !== undefined) clock.clearTimer(handle);
    };
  };
}

/**
 * The daemon's ticker: node-cron when cronExpressionFor has an expression,
 * timerTicker(realClock) otherwise. node-cron waits for the wall clock to
 * reach the instant it expected, so after the clock is set back by hours it
 * would stay silent for hours; a watchdog on elapsed time ticks and recreates
 * the cron task when no tick came within two intervals.
 */
export const startPollTicker: Ticker = (intervalMs, tick) => {
  const expression = cronExpressionFor(intervalMs);
  if (expression === undefined) return timerTicker(realClock)(intervalMs, tick);
  let stopped = false;
  let task: ScheduledTask | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const watch = (): void => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      if (stopped) return;
      schedule();
      tick();
    }, 2 * intervalMs + 1000);
  };
  const schedule = (): void => {
    if (task !== undefined) void task.destroy();
    task = cron.schedule(
      expression,
      () => {
        if (stopped) return;
        watch();
        tick();
      },
      // A pass delayed by a busy event loop still counts (node-cron's default tolerance is 1 s).
      { missedExecutionTolerance: intervalMs / 2, suppressMissedWarning: true },
    );
    watch();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(watchdog);
    if (task !== undefined) void task.destroy();
  };
};
