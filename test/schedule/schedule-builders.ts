/** Compact builders for schedules in tests, spelled like schedule.cf. */
import type { Schedule, ScheduleRule, TimeWindow, WeekTime } from '../../src/config/config-model.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const source = { file: 'schedule.cf', line: 1 };
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** "03:00" or "sunday 04:30". */
export function weekTime(text: string): WeekTime {
  const words = text.trim().split(/\s+/);
  const clock = words[words.length - 1] ?? '';
  const [h, m] = clock.split(':').map(Number);
  const minute = (h ?? 0) * 60 + (m ?? 0);
  if (words.length === 1) return { minute };
  const day = DAYS.indexOf((words[0] ?? '').toLowerCase());
  if (day < 0) throw new Error(`bad day in ${text}`);
  return { day, minute };
}

export function win(from: string, until: string): TimeWindow {
  return { from: weekTime(from), until: weekTime(until) };
}

export function every(intervalMs: number, window?: TimeWindow): ScheduleRule {
  return { kind: 'every', intervalMs, ...(window ? { window } : {}), source };
}

export function never(window?: TimeWindow): ScheduleRule {
  return { kind: 'never', ...(window ? { window } : {}), source };
}

/** at("03:00", "sunday 04:30"). */
export function at(...times: string[]): ScheduleRule {
  return { kind: 'at', times: times.map(weekTime), source };
}

export function cron(expression: string): ScheduleRule {
  return { kind: 'cron', expression, source };
}

export function schedule(name: string, ...rules: ScheduleRule[]): Schedule {
  return { name, rules, source };
}

/** Runs fn with process.env.TZ set (Node honours changes at run time), restoring it afterwards. */
export function inTimeZone<T>(tz: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

/** Epoch ms of a local wall time in the current TZ ("2024-03-31T02:30:00" without zone). */
export function local(text: string): number {
  return new Date(text).getTime();
}

/** The local wall time of an instant, "YYYY-MM-DD HH:MM:SS". */
export function wallText(t: number): string {
  const d = new Date(t);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
