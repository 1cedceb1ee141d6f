/**
 * `cron` schedule rules: node-cron's grammar, matched on the local wall clock.
 *
 * The config loader accepts exactly what node-cron's `validate` accepts, so the
 * fields are expanded by node-cron's own `parse` (5 or 6 fields, names, ranges,
 * steps, lists, `?`, nicknames such as @daily, and the L / W / L-n / nL / n#k
 * day tokens) and never drift from the validator. node-cron v4 does not export
 * a matcher that works without creating a registered task (and its matcher
 * formats every instant through Intl), so matching and enumeration are done
 * here. Like node-cron, and unlike Vixie cron, day of month and day of week must
 * BOTH match.
 */
import { parse } from 'node-cron';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './local-time.js';

/** A parsed expression; day tokens stay as node-cron spells them ('L', '15W', 'L-2', '5L', '1#2'). */
export interface CronFields {
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly (number | string)[];
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: readonly (number | string)[];
  /**
   * True when every hour matches. Such expressions describe a rhythm rather
   * than a time of day and are evaluated on the real clock across DST changes
   * (see wall-occurrences.ts), like Vixie cron's wildcard jobs.
   */
  readonly everyHour: boolean;
}

function sortedNumbers(values: readonly (number | string)[]): number[] {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/** Parses a cron expression; throws node-cron's Error for one the loader would have refused. */
export function parseCron(expression: string): CronFields {
  const fields = parse(expression);
  const hours = sortedNumbers(fields.hour);
  return {
    seconds: sortedNumbers(fields.second),
    minutes: sortedNumbers(fields.minute),
    hours,
    daysOfMonth: fields.dayOfMonth,
    months: new Set(sortedNumbers(fields.month)),
    daysOfWeek: fields.dayOfWeek,
    everyHour: hours.length === 24,
  };
}

/** Calendar facts about one local day. */
interface Day {
  readonly month: number;
  readonly date: number;
  readonly weekday: number;
  readonly lastDate: number;
}

function dayOf(wallDay: number): Day {
  const d = new Date(wallDay * DAY_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  return { month, date: d.getUTCDate(), weekday: d.getUTCDay(), lastDate: new Date(Date.UTC(year, month, 0)).getUTCDate() };
}

/** Weekday of date `date` in the same month as `day`. */
function weekdayOn(day: Day, date: number): number {
  return (((day.weekday + date - day.date) % 7) + 7) % 7;
}

/** The weekday (Mon–Fri) nearest to `target` without leaving the month (Quartz's `W`). */
function nearestWeekday(day: Day, target: number): number {
  if (target < 1 || target > day.lastDate) return -1;
  const weekday = weekdayOn(day, target);
  if (weekday === 6) return target === 1 ? 3 : target - 1;
  if (weekday === 0) return target === day.lastDate ? target - 2 : target + 1;
  return target;
}

function matchesDayOfMonth(tokens: readonly (number | string)[], day: Day): boolean {
  for (const token of tokens) {
    if (token === day.date) return true;
    if (typeof token !== 'string') continue;
    if (token === 'L' && day.date === day.lastDate) return true;
    const w = /^(\d{1,2}|L)W$/.exec(token);
    if (w?.[1] !== undefined) {
      const target = w[1] === 'L' ? day.lastDate : Number(w[1]);
      if (nearestWeekday(day, target) === day.date) return true;
    }
    const back = /^L-(\d{1,2})$/.exec(token);
    if (back?.[1] !== undefined && day.lastDate - Number(back[1]) === day.date) return true;
  }
  return false;
}

function matchesDayOfWeek(tokens: readonly (number | string)[], day: Day): boolean {
  for (const token of tokens) {
    if (token === day.weekday) return true;
    if (typeof token !== 'string') continue;
    const last = /^([0-7])L$/i.exec(token);
    if (last?.[1] !== undefined && Number(last[1]) % 7 === day.weekday && day.date + 7 > day.lastDate) return true;
    const nth = /^([0-7])#([1-5])$/.exec(token);
    if (nth?.[1] !== undefined && Number(nth[1]) % 7 === day.weekday && Math.ceil(day.date / 7) === Number(nth[2])) {
      return true;
    }
  }
  return false;
}

function dayMatches(fields: CronFields, wallDay: number): boolean {
  const day = dayOf(wallDay);
  return fields.months.has(day.month) && matchesDayOfMonth(fields.daysOfMonth, day) && matchesDayOfWeek(fields.daysOfWeek, day);
}

/** True when the expression matches the local time `wallMs` (see local-time.ts), to the second. */
export function cronMatchesWall(fields: CronFields, wallMs: number): boolean {
  const wallDay = Math.floor(wallMs / DAY_MS);
  const inDay = wallMs - wallDay * DAY_MS;
  return (
    Number.isInteger(inDay / SECOND_MS) &&
    fields.hours.includes(Math.floor(inDay / HOUR_MS)) &&
    fields.minutes.includes(Math.floor(inDay / MINUTE_MS) % 60) &&
    fields.seconds.includes(Math.floor(inDay / SECOND_MS) % 60) &&
    dayMatches(fields, wallDay)
  );
}

/** Appends, in ascending order, every wall time in [wallFrom, wallTo) the expression matches. */
export function cronWallTimes(fields: CronFields, wallFrom: number, wallTo: number, out: number[]): void {
  for (let wallDay = Math.floor(wallFrom / DAY_MS); wallDay * DAY_MS < wallTo; wallDay++) {
    if (!dayMatches(fields, wallDay)) continue;
    const midnight = wallDay * DAY_MS;
    for (const hour of fields.hours) {
      const h = midnight + hour * HOUR_MS;
      if (h + HOUR_MS <= wallFrom) continue;
      if (h >= wallTo) break;
      for (const minute of fields.minutes) {
        const m = h + minute * MINUTE_MS;
        if (m + MINUTE_MS <= wallFrom) continue;
        if (m >= wallTo) break;
        for (const second of fields.seconds) {
          const s = m + second * SECOND_MS;
          if (s < wallFrom) continue;
          if (s >= wallTo) break;
          out.push(s);
        }
      }
    }
  }
}
