/**
 * What a schedule means: the instants ("slots") at which a pair is due.
 *
 * Slots are whole seconds in the machine's local time zone (process.env.TZ).
 * At an instant t the rules are read in order and the first in effect decides
 * (reference 5.3):
 *  - `[from A until B] every I` is in effect inside its window (always without
 *    one); t is then a slot iff (t − offset) mod I = 0 — a fixed grid aligned
 *    to the epoch and shifted by the pair's stable offset, so runs never drift;
 *  - `[from A until B] never` in effect: t is not a slot;
 *  - `at T …` and `cron EXPR`: t is a slot iff the rule fires at t; if it does
 *    not, the search goes on with the next rule (1.0's "an at line that is not
 *    due does not stop the search").
 * Windows are evaluated on the local minute of the week (week-window.ts); DST
 * handling of at/cron times is described in wall-occurrences.ts.
 *
 * These functions compile the schedule on every call; code that asks many
 * questions about one schedule (the planner) uses a ScheduleView directly.
 */
import type { Schedule, ScheduleRule } from '../config/config-model.js';
import { minuteOfWeek, utcOffsetMs } from './local-time.js';
import { ScheduleView } from './schedule-view.js';
import { isWindowOpen } from './week-window.js';

function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`Expected \`${name}\` to be a finite number of epoch ms, got \`${value}\` (${typeof value})`);
}

/**
 * Whether a rule is in effect at instant `atMs` (epoch ms): every/never rules
 * inside their window (or without one); at and cron rules always are.
 */
export function isInEffect(rule: ScheduleRule, atMs: number): boolean {
  requireFinite('atMs', atMs);
  if (rule.kind === 'at' || rule.kind === 'cron' || rule.window === undefined) return true;
  return isWindowOpen(rule.window, minuteOfWeek(atMs + utcOffsetMs(atMs)));
}

/**
 * The slots in [fromMs, toMs) (epoch ms), ascending, for a pair with the given
 * offset (ms, see pair-offset.ts). The caller bounds the range: its size is
 * the work done. Empty when toMs ≤ fromMs. Throws RangeError for non-finite
 * bounds, and node-cron's Error for a cron expression the loader would have
 * refused.
 */
export function slotsBetween(schedule: Schedule, offsetMs: number, fromMs: number, toMs: number): number[] {
  requireFinite('fromMs', fromMs);
  requireFinite('toMs', toMs);
  const slots: number[] = [];
  new ScheduleView(schedule).eachSlot(offsetMs, fromMs, toMs, (t) => slots.push(t));
  return slots;
}

/** True when `atMs` is a slot of the pair. */
export function isSlot(schedule: Schedule, offsetMs: number, atMs: number): boolean {
  return slotsBetween(schedule, offsetMs, atMs, atMs + 1).length > 0;
}

/**
 * The latest slot s with notBeforeMs ≤ s < beforeMs, or undefined when there
 * is none. The search is bounded: at most MAX_SEARCH_MS (400 days) back.
 */
export function lastSlotBefore(schedule: Schedule, offsetMs: number, beforeMs: number, notBeforeMs: number): number | undefined {
  requireFinite('beforeMs', beforeMs);
  return new ScheduleView(schedule).lastSlotBefore(offsetMs, beforeMs, notBeforeMs);
}

/**
 * The earliest slot s with afterMs < s ≤ afterMs + horizonMs, or undefined
 * (always for a schedule that is `never`), for the "approximate next check"
 * shown by sc and sw. The horizon is capped at MAX_SEARCH_MS (400 days).
 */
export function nextSlotAfter(schedule: Schedule, offsetMs: number, afterMs: number, horizonMs: number): number | undefined {
  requireFinite('afterMs', afterMs);
  return new ScheduleView(schedule).nextSlotAfter(offsetMs, afterMs, horizonMs);
}
