/**
 * Schedules as alert plans use them: whether a `using S` stanza (or a
 * notify-on-clear or degraded-mode window) is in effect, and whether a repeat
 * notification is due (reference 2.4.2, 5.8; binding rules in docs/alerting.md).
 *
 * Unlike check schedules these do not live on a grid: pacing is measured from
 * the last alert (or fix), so `every 30 minutes` means "30 minutes after the
 * previous page", as in 1.0. `at` and `cron` rules are due when one of their
 * instants passed since the last alert. Callers pass `now − alert shift` as the
 * instant to evaluate at; `last` stays the real time of the last alert.
 */
import type { Schedule, ScheduleRule } from '../config/config-model.js';
import { isInEffect } from './schedule-slots.js';
import { ScheduleView } from './schedule-view.js';

function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`Expected \`${name}\` to be a finite number of epoch ms, got \`${value}\` (${typeof value})`);
}

/**
 * True when some rule of the schedule is in effect at `atMs` (epoch ms):
 * an every/never rule inside its window (or without one), or any at/cron rule
 * (they are always in effect, as in 1.0). A `never` line in effect counts: it
 * makes the stanza in effect and never due, which is how a plan says "not now".
 */
export function inEffect(schedule: Schedule, atMs: number): boolean {
  requireFinite('atMs', atMs);
  return schedule.rules.some((rule) => isInEffect(rule, atMs));
}

/**
 * True when the schedule, used as a time window (`notify using S on clear`,
 * `allow N failed hosts during S`), is open at `atMs` (epoch ms): some rule is
 * in effect and the first one in effect is not a `never` line. So
 * `from 22:00 until 06:59 never` closes the window at night, and the
 * reference's `business` schedule (working hours, then `never`) is open only
 * in working hours. (1.0 took any line in effect, `never` included, which made
 * such a schedule open around the clock.)
 */
export function isOpenAt(schedule: Schedule, atMs: number): boolean {
  requireFinite('atMs', atMs);
  const first = schedule.rules.find((rule) => isInEffect(rule, atMs));
  return first !== undefined && first.kind !== 'never';
}

/** True when the at/cron rule fires at some instant in (lastMs, nowMs]. */
function firedSince(rule: ScheduleRule, lastMs: number, nowMs: number): boolean {
  if (nowMs <= lastMs) return false;
  const single: Schedule = { name: '', rules: [rule], source: rule.source };
  return new ScheduleView(single).lastSlotBefore(0, nowMs + 1, lastMs + 1) !== undefined;
}

/**
 * Whether a repeat notification is due at `nowMs` (epoch ms, already shifted
 * back by the alert shift) when the last alert or fix happened at `lastMs`
 * (epoch ms, 0 = never). Rules are read in order and the first in effect
 * decides, except that an at/cron rule that has not fired lets the search go on
 * (reference 5.3):
 *  - `every I`: due iff nowMs − lastMs ≥ I;
 *  - `never`: not due;
 *  - `at` / `cron`: due iff one of its instants lies in (lastMs, nowMs].
 * A first alert (lastMs ≤ 0) is due at once under any rule but `never`. A clock
 * that went back (lastMs > nowMs) makes nothing due until it catches up.
 * Throws RangeError for non-finite times and node-cron's Error for a cron
 * expression the loader would have refused.
 */
export function isDueSince(schedule: Schedule, lastMs: number, nowMs: number): boolean {
  requireFinite('lastMs', lastMs);
  requireFinite('nowMs', nowMs);
  for (const rule of schedule.rules) {
    if (!isInEffect(rule, nowMs)) continue;
    switch (rule.kind) {
      case 'every':
        return lastMs <= 0 || nowMs - lastMs >= rule.intervalMs;
      case 'never':
        return false;
      case 'at':
      case 'cron':
        if (lastMs <= 0 || firedSince(rule, lastMs, nowMs)) return true;
        break;
    }
  }
  return false;
}
