/**
 * Time as the check loop sees it, injected so tests can run days in
 * milliseconds and jump the wall clock.
 *
 * now() is the wall clock (epoch ms, may jump); timers run on elapsed time, as
 * Node's setTimeout does, so a timer armed for 5 s fires 5 s later even when
 * the wall clock was set back by an hour meanwhile.
 */

/** Opaque handle of an armed timer. */
export type TimerHandle = object;

export interface Clock {
  /** Wall clock, epoch ms. */
  now(): number;
  /** Calls fn once after delayMs of elapsed time (negative = as soon as possible). */
  setTimer(fn: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** setTimeout's longest delay; longer ones would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The process clock: Date.now() and setTimeout. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, delayMs) => setTimeout(fn, Math.min(MAX_TIMER_MS, Math.max(0, delayMs))),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
