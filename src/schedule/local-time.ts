/**
 * The machine's local wall clock (process.env.TZ) as arithmetic on instants.
 *
 * "Wall ms" is the local date and time written as if it were UTC: wall(t) =
 * t + utcOffset(t), so `new Date(wall).getUTC…()` reads the local fields.
 * Between two UTC-offset changes (DST transitions) wall time is linear in real
 * time; schedules are evaluated chunk by chunk over such stretches.
 */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 10_080;

/** 1970-01-01 was a Thursday: the weekday of wall day 0. */
const EPOCH_WEEKDAY = 4;
/**
 * How far apart offset probes are. Two transitions closer than this would be
 * missed; real zones change offset at most a few times a year.
 */
const PROBE_STEP_MS = 6 * HOUR_MS;

/** Local UTC offset in ms at instant t (positive east of Greenwich). */
export function utcOffsetMs(t: number): number {
  return -new Date(t).getTimezoneOffset() * MINUTE_MS;
}

/** Floor modulo: the result has the sign of m. */
export function floorMod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

/** Minute of the week (0 = Sunday 00:00 … 10079) of a wall time in ms. */
export function minuteOfWeek(wallMs: number): number {
  return floorMod(Math.floor(wallMs / MINUTE_MS) + EPOCH_WEEKDAY * MINUTES_PER_DAY, MINUTES_PER_WEEK);
}

/** Weekday (0 = Sunday) of a wall day number (wall ms / DAY_MS, floored). */
export function weekdayOfWallDay(wallDay: number): number {
  return floorMod(wallDay + EPOCH_WEEKDAY, 7);
}

/** The most recent change of UTC offset at or before `at`, if it lies within a day. */
export interface OffsetTransition {
  /** First instant with the new offset. */
  readonly at: number;
  /** The offset just before `at`. */
  readonly fromOffsetMs: number;
}

/** A stretch of time with one UTC offset. */
export interface OffsetChunk {
  readonly start: number;
  readonly end: number;
  readonly offsetMs: number;
  /** The transition that began this offset, when it happened less than a day before `start` (or at it). */
  readonly transition?: OffsetTransition;
}

/** Smallest instant in (a, b] whose offset differs from a's (requires offset(a) ≠ offset(b)). */
function firstChange(a: number, b: number): number {
  const before = utcOffsetMs(a);
  let lo = a;
  let hi = b;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (utcOffsetMs(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

function recentTransition(t: number): OffsetTransition | undefined {
  const dayBefore = t - DAY_MS;
  const earlier = utcOffsetMs(dayBefore);
  if (earlier === utcOffsetMs(t)) return undefined;
  return { at: firstChange(dayBefore, t), fromOffsetMs: earlier };
}

/**
 * Splits [from, to) (epoch ms) into stretches of constant UTC offset, in order.
 * Empty when to ≤ from.
 */
export function offsetChunks(from: number, to: number): OffsetChunk[] {
  const chunks: OffsetChunk[] = [];
  if (!(to > from)) return chunks;
  let start = from;
  let offset = utcOffsetMs(from);
  let transition = recentTransition(from);
  let probe = from;
  while (probe < to) {
    const next = Math.min(probe + PROBE_STEP_MS, to);
    if (utcOffsetMs(next) !== offset) {
      const at = firstChange(probe, next);
      if (at >= to) break;
      chunks.push({ start, end: at, offsetMs: offset, ...(transition ? { transition } : {}) });
      transition = { at, fromOffsetMs: offset };
      start = at;
      offset = utcOffsetMs(at);
      probe = at;
      continue;
    }
    probe = next;
  }
  chunks.push({ start, end: to, offsetMs: offset, ...(transition ? { transition } : {}) });
  return chunks;
}
