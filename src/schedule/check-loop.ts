/**
 * The check scheduler loop (SPEC §4): every poll interval a pass plans the
 * next window, and one timer dispatches each planned job at its instant.
 *
 * Windows are contiguous — a pass at `now` plans [previous end, now + poll) —
 * so no slot is planned twice or missed. Two exceptions:
 *  - a tick that comes early (now < previous end, e.g. node-cron's first
 *    whole-minute tick after start) drops the not-yet-due part of the old
 *    window and replans it from now, so planning always happens at the start
 *    of the window it plans, with fresh busy/lastDue information;
 *  - a clock jump (now outside [previous end − poll, previous end + 2 poll] at
 *    a pass, or a timer firing more than a poll interval away from its wall
 *    time) drops everything pending and re-anchors the window at now; the
 *    planner's catch-up rules then run each pair that missed slots once,
 *    spread over the window (no burst after a jump forward), and do not wait
 *    for the clock to catch up with old due times (no stall after a jump back).
 * Between re-anchorings the loop never dispatches at an instant it has
 * already dispatched through: after a small step back of the clock (too small
 * to count as a jump) the replanned window would otherwise run the slots of
 * the last seconds again. When several planned jobs fall due at once (a late
 * timer), a pair listed in more than one runs only for the latest, so a
 * stalled event loop never runs a pair twice in a row.
 */
import type { Clock, TimerHandle } from './clock.js';
import type { Dispatch } from './plan-checks.js';
import type { Ticker } from './poll-ticker.js';

export type { Dispatch } from './plan-checks.js';

/** What one pass did, for the heartbeat (<statedir>/running/check). */
export interface PassStats {
  /** Wall clock at the start of the pass, epoch ms. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  /** Host entries planned (a pair due twice in the window counts twice). */
  readonly pairsPlanned: number;
  readonly dispatches: number;
  /** The window was re-anchored at now after a clock jump. */
  readonly reanchored: boolean;
}

export interface CheckLoopOptions {
  readonly clock: Clock;
  /** Calls its callback every interval until the returned function is called. */
  readonly ticker: Ticker;
  /** ms, > 0. */
  readonly pollIntervalMs: number;
  /** Plans [windowStart, windowEnd) (epoch ms); dispatches sorted by `at`. */
  readonly plan: (windowStart: number, windowEnd: number) => readonly Dispatch[];
  /** Called at each dispatch's instant; the caller queues the job and records lastDue = at. */
  readonly dispatch: (dispatch: Dispatch) => void;
  readonly onPass?: (stats: PassStats) => void;
  /** Receives exceptions from plan/dispatch/onPass; without it they propagate (and end the process). */
  readonly onError?: (error: unknown) => void;
}

export class CheckLoop {
  readonly #options: CheckLoopOptions;
  #timeline: readonly Dispatch[] = [];
  #head = 0;
  #windowEnd: number | undefined;
  /** The latest `at` dispatched since the window was last anchored. */
  #firedThrough = -Infinity;
  #timer: TimerHandle | undefined;
  #stopTicker: (() => void) | undefined;
  #running = false;

  /** Throws RangeError when pollIntervalMs is not a positive finite number. */
  constructor(options: CheckLoopOptions) {
    const p = options.pollIntervalMs;
    if (!(Number.isFinite(p) && p > 0)) {
      throw new RangeError(`Expected \`pollIntervalMs\` to be a positive number, got \`${p}\` (${typeof p})`);
    }
    this.#options = options;
  }

  /** Dispatches planned and not yet due. */
  get pending(): number {
    return this.#timeline.length - this.#head;
  }

  /**
   * Starts the ticker and runs the first pass now (window [now, now + poll)).
   * Throws if already running, or (without onError) what the first pass threw,
   * having stopped again.
   */
  start(): void {
    if (this.#running) throw new Error('CheckLoop is already running');
    this.#running = true;
    this.#stopTicker = this.#options.ticker(this.#options.pollIntervalMs, () => this.#guarded(() => this.#pass(false)));
    try {
      this.#guarded(() => this.#pass(false));
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  /** Stops the ticker and the timer and forgets pending dispatches. Idempotent. */
  stop(): void {
    this.#running = false;
    this.#stopTicker?.();
    this.#stopTicker = undefined;
    this.#disarm();
    this.#timeline = [];
    this.#head = 0;
    this.#windowEnd = undefined;
    this.#firedThrough = -Infinity;
  }

  /**
   * Plans more pairs into the rest of the current window, [now, its end): the
   * pairs a reload added, so their first slot is not put off to the next
   * pass. `plan` must cover only pairs the window's own plan did not.
   */
  planMore(plan: (windowStart: number, windowEnd: number) => readonly Dispatch[]): void {
    const end = this.#windowEnd;
    if (!this.#running || end === undefined) return;
    const now = this.#options.clock.now();
    if (now >= end) return;
    const extra = plan(now, end).filter((d) => d.at > this.#firedThrough);
    if (extra.length === 0) return;
    this.#timeline = [...this.#timeline.slice(this.#head), ...extra].sort((a, b) => a.at - b.at);
    this.#head = 0;
    this.#arm();
  }

  #pass(forceReanchor: boolean): void {
    if (!this.#running) return;
    const { clock, pollIntervalMs: poll } = this.#options;
    const now = clock.now();
    const previousEnd = this.#windowEnd;
    const jumped =
      previousEnd !== undefined && (forceReanchor || now < previousEnd - poll || now > previousEnd + 2 * poll);
    const windowStart = previousEnd === undefined || jumped ? now : Math.min(now, previousEnd);
    if (jumped) this.#firedThrough = -Infinity;
    else this.#fireBefore(windowStart);
    this.#timeline = [];
    this.#head = 0;
    if (!this.#running) return;
    const windowEnd = now + poll;
    const planned = this.#options
      .plan(windowStart, windowEnd)
      .filter((d) => d.at > this.#firedThrough)
      .sort((a, b) => a.at - b.at);
    this.#windowEnd = windowEnd;
    this.#timeline = planned;
    this.#arm();
    this.#options.onPass?.({
      startedAt: now,
      durationMs: clock.now() - now,
      windowStart,
      windowEnd,
      pairsPlanned: planned.reduce((n, d) => n + d.hosts.length, 0),
      dispatches: planned.length,
      reanchored: jumped,
    });
  }

  #onTimer(expectedAt: number): void {
    this.#timer = undefined;
    if (!this.#running) return;
    const now = this.#options.clock.now();
    const poll = this.#options.pollIntervalMs;
    if (now < expectedAt - poll || now > expectedAt + poll) {
      this.#pass(true);
      return;
    }
    this.#fireBefore(now + 1);
    this.#arm();
  }

  /** Dispatches every pending entry with at < limit, a pair only for its latest entry. */
  #fireBefore(limit: number): void {
    const start = this.#head;
    while ((this.#timeline[this.#head]?.at ?? Infinity) < limit) this.#head++;
    const due = this.#timeline.slice(start, this.#head);
    if (this.#head > 1024 && this.#head * 2 > this.#timeline.length) {
      this.#timeline = this.#timeline.slice(this.#head);
      this.#head = 0;
    }
    for (const d of latestPerPair(due)) {
      if (!this.#running) return;
      this.#firedThrough = Math.max(this.#firedThrough, d.at);
      this.#guarded(() => this.#options.dispatch(d));
    }
  }

  #arm(): void {
    this.#disarm();
    const next = this.#timeline[this.#head];
    if (next === undefined || !this.#running) return;
    const now = this.#options.clock.now();
    const delay = Math.max(0, next.at - now);
    const expectedAt = now + delay;
    this.#timer = this.#options.clock.setTimer(() => this.#guarded(() => this.#onTimer(expectedAt)), delay);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#options.clock.clearTimer(this.#timer);
    this.#timer = undefined;
  }

  #guarded(fn: () => void): void {
    const onError = this.#options.onError;
    if (onError === undefined) {
      fn();
      return;
    }
    try {
      fn();
    } catch (error) {
      onError(error);
    }
  }
}

/** Drops hosts that appear again in a later entry of the same service (entries ascending by at). */
function latestPerPair(due: readonly Dispatch[]): readonly Dispatch[] {
  if (due.length < 2 || due[0]?.at === due[due.length - 1]?.at) return due;
  const seen = new Map<string, Set<string>>();
  const kept: Dispatch[] = [];
  for (let i = due.length - 1; i >= 0; i--) {
    const d = due[i];
    if (d === undefined) continue;
    let hosts = seen.get(d.service);
    if (hosts === undefined) seen.set(d.service, (hosts = new Set()));
    const fresh = d.hosts.filter((h) => !hosts.has(h));
    for (const h of fresh) hosts.add(h);
    if (fresh.length > 0) kept.push(fresh.length === d.hosts.length ? d : { ...d, hosts: fresh });
  }
  return kept.reverse();
}
