/**
 * A clock for tests: elapsed time only moves when the test advances it, and
 * the wall clock can be set (jumped) independently, as an operator or NTP
 * would. Timers run on elapsed time, like Node's setTimeout.
 */
import type { Clock, TimerHandle } from '../../src/schedule/clock.js';

interface PendingTimer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

export class FakeClock implements Clock {
  #elapsed = 0;
  #wallOffset: number;
  #nextId = 1;
  readonly #timers = new Map<number, PendingTimer>();

  constructor(startWallMs: number) {
    this.#wallOffset = startWallMs;
  }

  now(): number {
    return this.#elapsed + this.#wallOffset;
  }

  setTimer(fn: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { id, due: this.#elapsed + Math.max(0, delayMs), fn });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers.delete((handle as { id: number }).id);
  }

  /** Timers currently armed. */
  get timerCount(): number {
    return this.#timers.size;
  }

  /** Lets ms of time elapse, running due timers in order (ties in arming order). */
  advance(ms: number): void {
    const target = this.#elapsed + ms;
    for (;;) {
      let next: PendingTimer | undefined;
      for (const t of this.#timers.values()) {
        if (t.due <= target && (next === undefined || t.due < next.due || (t.due === next.due && t.id < next.id))) next = t;
      }
      if (next === undefined) break;
      this.#timers.delete(next.id);
      this.#elapsed = Math.max(this.#elapsed, next.due);
      next.fn();
    }
    this.#elapsed = target;
  }

  /** Advances until the wall clock reads wallMs (no-op if it already does or is later). */
  advanceTo(wallMs: number): void {
    this.advance(Math.max(0, wallMs - this.now()));
  }

  /** Sets the wall clock forward (positive) or back (negative) without elapsing time. */
  jump(deltaMs: number): void {
    this.#wallOffset += deltaMs;
  }
}
