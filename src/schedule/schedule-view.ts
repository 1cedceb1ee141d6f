/**
 * Slot queries on one compiled schedule for any pair offset.
 *
 * The shape of a range (segments, at/cron instants) does not depend on the
 * pair, so a view remembers it per range: the planner asks the same ranges for
 * every pair of a schedule and pays for the calendar work once per pass. A view
 * is meant to live for one planning pass (or one query); it grows with the
 * number of distinct ranges asked.
 */
import type { Schedule, ScheduleRule } from '../config/config-model.js';
import { compileSchedule, deciderAt, segmentsBetween, type CompiledSchedule, type Segment } from './compiled-schedule.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, floorMod } from './local-time.js';

/** Searches never look further than this (a leap-day cron fires every 4 years; nothing waits that long). */
export const MAX_SEARCH_MS = 400 * DAY_MS;

/** Growing search steps, so near slots are found cheaply and far ones in few steps. */
const SEARCH_STEPS_MS = [MINUTE_MS, 10 * MINUTE_MS, 2 * HOUR_MS, DAY_MS, 8 * DAY_MS];
const LONG_STEP_MS = 16 * DAY_MS;
/** Ranges looked up without a key: the planning window plus the first search steps. */
const RECENT_RANGES = 8;

function searchBound(step: number): number {
  return SEARCH_STEPS_MS[step] ?? (SEARCH_STEPS_MS[SEARCH_STEPS_MS.length - 1] ?? 0) + (step - SEARCH_STEPS_MS.length + 1) * LONG_STEP_MS;
}

/** First grid instant ≥ t for a grid ≡ offset (mod interval). */
function gridAtOrAfter(t: number, offsetMs: number, intervalMs: number): number {
  return t + floorMod(offsetMs - t, intervalMs);
}

/** Index of the first element ≥ t in an ascending array. */
function lowerBound(values: readonly number[], t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] ?? Infinity) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Calls fn for every slot in [from, to) ∩ segment, ascending, each instant once. */
function eachSlotInSegment(segment: Segment, offsetMs: number, from: number, to: number, fn: (t: number) => void): void {
  const lo = Math.max(from, segment.start);
  const hi = Math.min(to, segment.end);
  if (lo >= hi) return;
  const wall = segment.wall;
  let i = lowerBound(wall, lo);
  let g = segment.gridMs > 0 ? gridAtOrAfter(lo, offsetMs, segment.gridMs) : Infinity;
  for (;;) {
    const w = wall[i] ?? Infinity;
    const next = Math.min(w, g);
    if (next >= hi) return;
    fn(next);
    if (w === next) i++;
    if (g === next) g += segment.gridMs;
  }
}

function lastSlotInSegment(segment: Segment, offsetMs: number, from: number, to: number): number | undefined {
  const lo = Math.max(from, segment.start);
  const hi = Math.min(to, segment.end);
  if (lo >= hi) return undefined;
  const wall = segment.wall[lowerBound(segment.wall, hi) - 1];
  const grid = segment.gridMs > 0 ? hi - 1 - floorMod(hi - 1 - offsetMs, segment.gridMs) : -Infinity;
  const best = Math.max(wall ?? -Infinity, grid);
  return best >= lo ? best : undefined;
}

function firstSlotInSegment(segment: Segment, offsetMs: number, from: number, to: number): number | undefined {
  const lo = Math.max(from, segment.start);
  const hi = Math.min(to, segment.end);
  if (lo >= hi) return undefined;
  const wall = segment.wall[lowerBound(segment.wall, lo)];
  const grid = segment.gridMs > 0 ? gridAtOrAfter(lo, offsetMs, segment.gridMs) : Infinity;
  const best = Math.min(wall ?? Infinity, grid);
  return best < hi ? best : undefined;
}

export class ScheduleView {
  readonly compiled: CompiledSchedule;
  readonly #segments = new Map<string, Segment[]>();
  readonly #recent: { readonly from: number; readonly to: number; readonly segments: Segment[] }[] = [];

  /** Throws node-cron's Error for a cron expression the loader would have refused. */
  constructor(schedule: Schedule | CompiledSchedule) {
    this.compiled = 'runs' in schedule ? schedule : compileSchedule(schedule);
  }

  /** The segments of [from, to), remembered for this view. */
  segments(from: number, to: number): readonly Segment[] {
    // The planner asks the same few ranges for every pair: find them without building a key.
    for (const r of this.#recent) if (r.from === from && r.to === to) return r.segments;
    const key = `${from}:${to}`;
    let segments = this.#segments.get(key);
    if (segments === undefined) {
      segments = segmentsBetween(this.compiled, from, to);
      this.#segments.set(key, segments);
    }
    this.#recent.unshift({ from, to, segments });
    if (this.#recent.length > RECENT_RANGES) this.#recent.pop();
    return segments;
  }

  /** Calls fn for every slot of the pair in [from, to) (epoch ms), ascending. */
  eachSlot(offsetMs: number, from: number, to: number, fn: (t: number) => void): void {
    if (!(to > from)) return;
    for (const segment of this.segments(from, to)) eachSlotInSegment(segment, offsetMs, from, to, fn);
  }

  /** Replaces the contents of `out` with the pair's slots in [from, to), ascending (no allocation per call). */
  slotsInto(offsetMs: number, from: number, to: number, out: number[]): number[] {
    out.length = 0;
    if (!(to > from)) return out;
    for (const segment of this.segments(from, to)) {
      if (segment.wall.length === 0 && segment.gridMs > 0) {
        // The common case, without a callback: a plain grid.
        const hi = Math.min(to, segment.end);
        for (let g = gridAtOrAfter(Math.max(from, segment.start), offsetMs, segment.gridMs); g < hi; g += segment.gridMs) out.push(g);
      } else {
        eachSlotInSegment(segment, offsetMs, from, to, (t) => out.push(t));
      }
    }
    return out;
  }

  /** The latest slot s with notBefore ≤ s < before, searching at most MAX_SEARCH_MS back. */
  lastSlotBefore(offsetMs: number, before: number, notBefore: number): number | undefined {
    const limit = Math.max(notBefore, before - MAX_SEARCH_MS);
    for (let step = 0; ; step++) {
      const hi = before - (step === 0 ? 0 : searchBound(step - 1));
      const lo = before - searchBound(step);
      if (hi <= limit) return undefined;
      const segments = this.segments(lo, hi);
      for (let i = segments.length - 1; i >= 0; i--) {
        const segment = segments[i];
        if (segment === undefined || segment.end <= limit) return undefined;
        const found = lastSlotInSegment(segment, offsetMs, Math.max(lo, limit), hi);
        if (found !== undefined) return found;
      }
    }
  }

  /** The earliest slot s with after < s ≤ after + horizonMs (horizon capped at MAX_SEARCH_MS). */
  nextSlotAfter(offsetMs: number, after: number, horizonMs: number): number | undefined {
    const start = after + 1;
    const limit = start + Math.min(horizonMs, MAX_SEARCH_MS);
    for (let step = 0; ; step++) {
      const lo = start + (step === 0 ? 0 : searchBound(step - 1));
      const hi = start + searchBound(step);
      if (lo >= limit) return undefined;
      for (const segment of this.segments(lo, hi)) {
        if (segment.start >= limit) return undefined;
        const found = firstSlotInSegment(segment, offsetMs, lo, Math.min(hi, limit));
        if (found !== undefined) return found;
      }
    }
  }

  /** The `every`/`never` rule deciding at instant t, undefined when only at/cron rules apply. */
  deciderAt(t: number): ScheduleRule | undefined {
    return this.compiled.schedule.rules[deciderAt(this.compiled, t)];
  }
}
