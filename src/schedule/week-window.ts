/**
 * `from A until B` windows of schedule rules (reference 2.4.1, 5.3), evaluated
 * on the local minute of the week.
 */
import type { TimeWindow } from '../config/config-model.js';
import { MINUTES_PER_DAY, MINUTES_PER_WEEK } from './local-time.js';

/**
 * True when the window covers the given minute of the week (0 = Sunday 00:00).
 * 1.0's exact test: a bound without a day takes the day of the minute being
 * tested (so day-less windows repeat daily); the window is inclusive of the
 * whole `until` minute; when from > until the window wraps (22:00–06:59,
 * friday 17:00–monday 07:59).
 */
export function isWindowOpen(window: TimeWindow, minuteOfWeek: number): boolean {
  const today = Math.floor(minuteOfWeek / MINUTES_PER_DAY);
  const from = (window.from.day ?? today) * MINUTES_PER_DAY + window.from.minute;
  const until = (window.until.day ?? today) * MINUTES_PER_DAY + window.until.minute;
  if (from <= until) return minuteOfWeek >= from && minuteOfWeek <= until;
  return minuteOfWeek >= from || minuteOfWeek <= until;
}

/**
 * The minutes of the week at which the window may open or close: its `from`
 * minute, the minute after `until`, on every day for day-less bounds, plus
 * every midnight (where a day-less bound changes its day). Between two
 * consecutive edges isWindowOpen is constant.
 */
export function windowEdges(window: TimeWindow): number[] {
  const edges: number[] = [];
  for (let day = 0; day < 7; day++) {
    const midnight = day * MINUTES_PER_DAY;
    edges.push(midnight);
    if (window.from.day === undefined || window.from.day === day) edges.push(midnight + window.from.minute);
    if (window.until.day === undefined || window.until.day === day) {
      edges.push((midnight + window.until.minute + 1) % MINUTES_PER_WEEK);
    }
  }
  return edges;
}
