/**
 * A schedule prepared for fast evaluation, and its offset-independent shape
 * over a range of time.
 *
 * At an instant the rules are read in order (reference 5.3). Only `every` and
 * `never` rules can stop the search without firing, and whether they are in
 * effect depends only on the local minute of the week; `at` and `cron` rules
 * fire at their own instants and otherwise let the search continue. So the
 * week is cut into runs with the same "decider" (the first `every`/`never`
 * rule in effect), and an instant is a slot when a rule before the decider
 * fires at it, or the decider is `every` and the instant lies on its grid.
 */
import type { Schedule, ScheduleRule, WeekTime } from '../config/config-model.js';
import { cronWallTimes, parseCron } from './cron-expression.js';
import {
  DAY_MS,
  MINUTE_MS,
  MINUTES_PER_WEEK,
  SECOND_MS,
  minuteOfWeek,
  offsetChunks,
  utcOffsetMs,
  weekdayOfWallDay,
  type OffsetChunk,
} from './local-time.js';
import { wallOccurrences, type WallEnumerator } from './wall-occurrences.js';
import { isWindowOpen, windowEdges } from './week-window.js';

/** Minutes of the week [startMinute, endMinute) in which rule `decider` decides (-1: no every/never rule in effect). */
interface DeciderRun {
  readonly startMinute: number;
  readonly endMinute: number;
  readonly decider: number;
}

interface WallRule {
  readonly index: number;
  readonly realTime: boolean;
  readonly enumerate: WallEnumerator;
}

export interface CompiledSchedule {
  readonly schedule: Schedule;
  /** Cover the week in order. */
  readonly runs: readonly DeciderRun[];
  readonly wallRules: readonly WallRule[];
  /** Per rule index: the grid interval of an `every` rule (whole seconds, ≥ 1 s), else 0. */
  readonly gridMs: readonly number[];
}

/**
 * A stretch of time with one decider. Slots in it: `wall` (instants of at/cron
 * rules that come before the decider) plus, when gridMs > 0, the instants
 * ≡ offset (mod gridMs).
 */
export interface Segment {
  readonly start: number;
  readonly end: number;
  readonly decider: number;
  readonly gridMs: number;
  readonly wall: number[];
}

/** Intervals are whole seconds (the loader guarantees it); rounding keeps slots on whole seconds regardless. */
export function gridIntervalMs(intervalMs: number): number {
  return Math.max(SECOND_MS, Math.round(intervalMs / SECOND_MS) * SECOND_MS);
}

function atEnumerator(times: readonly WeekTime[]): WallEnumerator {
  const sorted = [...times].sort((a, b) => a.minute - b.minute);
  return (wallFrom, wallTo, out) => {
    for (let wallDay = Math.floor(wallFrom / DAY_MS); wallDay * DAY_MS < wallTo; wallDay++) {
      const weekday = weekdayOfWallDay(wallDay);
      for (const time of sorted) {
        if (time.day !== undefined && time.day !== weekday) continue;
        const w = wallDay * DAY_MS + time.minute * MINUTE_MS;
        if (w >= wallFrom && w < wallTo && out[out.length - 1] !== w) out.push(w);
      }
    }
  };
}

function wallRule(rule: ScheduleRule, index: number): WallRule | undefined {
  if (rule.kind === 'at') return { index, realTime: false, enumerate: atEnumerator(rule.times) };
  if (rule.kind !== 'cron') return undefined;
  const fields = parseCron(rule.expression);
  return {
    index,
    realTime: fields.everyHour,
    enumerate: (wallFrom, wallTo, out) => cronWallTimes(fields, wallFrom, wallTo, out),
  };
}

function deciderAtMinute(rules: readonly ScheduleRule[], minute: number): number {
  return rules.findIndex(
    (r) => (r.kind === 'every' || r.kind === 'never') && (r.window === undefined || isWindowOpen(r.window, minute)),
  );
}

/** Prepares a schedule; throws node-cron's Error for a cron expression the loader would have refused. */
export function compileSchedule(schedule: Schedule): CompiledSchedule {
  const rules = schedule.rules;
  const edges = new Set<number>([0]);
  for (const r of rules) {
    if ((r.kind === 'every' || r.kind === 'never') && r.window !== undefined) {
      for (const e of windowEdges(r.window)) edges.add(e);
    }
  }
  const sorted = [...edges].sort((a, b) => a - b);
  const runs: DeciderRun[] = [];
  sorted.forEach((startMinute, i) => {
    const endMinute = sorted[i + 1] ?? MINUTES_PER_WEEK;
    const decider = deciderAtMinute(rules, startMinute);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.decider === decider) runs[runs.length - 1] = { ...last, endMinute };
    else runs.push({ startMinute, endMinute, decider });
  });
  const wallRules = rules.map(wallRule).filter((w): w is WallRule => w !== undefined);
  const gridMs = rules.map((r) => (r.kind === 'every' ? gridIntervalMs(r.intervalMs) : 0));
  return { schedule, runs, wallRules, gridMs };
}

function runAt(compiled: CompiledSchedule, minute: number): DeciderRun {
  const runs = compiled.runs;
  let lo = 0;
  let hi = runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((runs[mid]?.startMinute ?? 0) <= minute) lo = mid;
    else hi = mid - 1;
  }
  return runs[lo] ?? { startMinute: 0, endMinute: MINUTES_PER_WEEK, decider: -1 };
}

/** Index of the `every`/`never` rule deciding at instant t (epoch ms), -1 when none is in effect. */
export function deciderAt(compiled: CompiledSchedule, t: number): number {
  return runAt(compiled, minuteOfWeek(t + utcOffsetMs(t))).decider;
}

/** The offset-independent shape of [from, to) (epoch ms): segments in order, covering the range. */
export function segmentsBetween(compiled: CompiledSchedule, from: number, to: number): Segment[] {
  const chunks = offsetChunks(from, to);
  const segments: Segment[] = [];
  for (const chunk of chunks) {
    const offset = chunk.offsetMs;
    let t = chunk.start;
    while (t < chunk.end) {
      const wallMinute = Math.floor((t + offset) / MINUTE_MS);
      const weekMinute = minuteOfWeek(t + offset);
      const run = runAt(compiled, weekMinute);
      const end = Math.min(chunk.end, (wallMinute + run.endMinute - weekMinute) * MINUTE_MS - offset);
      const last = segments[segments.length - 1];
      if (last !== undefined && last.decider === run.decider && last.end === t) {
        segments[segments.length - 1] = { ...last, end };
      } else {
        segments.push({ start: t, end, decider: run.decider, gridMs: compiled.gridMs[run.decider] ?? 0, wall: [] });
      }
      t = end;
    }
  }
  addWallSlots(compiled, chunks, segments);
  return segments;
}

/** A wall rule fires in a segment when no every/never rule before it decides there. */
function admits(segment: Segment, ruleIndex: number): boolean {
  return segment.decider < 0 || ruleIndex < segment.decider;
}

/**
 * The offset chunks clipped to the stretches where the rule can fire, so a
 * dense cron behind a `never` costs nothing (a clipped chunk keeps its
 * transition, which still tells what lies in a gap or an overlap).
 */
function admittingChunks(chunks: readonly OffsetChunk[], segments: readonly Segment[], ruleIndex: number): OffsetChunk[] {
  const ranges: [number, number][] = [];
  for (const segment of segments) {
    if (!admits(segment, ruleIndex)) continue;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] === segment.start) last[1] = segment.end;
    else ranges.push([segment.start, segment.end]);
  }
  const clipped: OffsetChunk[] = [];
  for (const [from, to] of ranges) {
    for (const c of chunks) {
      const start = Math.max(c.start, from);
      const end = Math.min(c.end, to);
      if (start < end) clipped.push({ ...c, start, end });
    }
  }
  return clipped;
}

function addWallSlots(compiled: CompiledSchedule, chunks: readonly OffsetChunk[], segments: Segment[]): void {
  if (compiled.wallRules.length === 0 || segments.length === 0) return;
  const instants: number[] = [];
  for (const rule of compiled.wallRules) {
    instants.length = 0;
    wallOccurrences(rule.enumerate, rule.realTime, admittingChunks(chunks, segments, rule.index), instants);
    let i = 0;
    for (const t of instants) {
      while ((segments[i]?.end ?? Infinity) <= t) i++;
      const segment = segments[i];
      if (segment === undefined) break;
      if (admits(segment, rule.index)) segment.wall.push(t);
    }
  }
  if (compiled.wallRules.length > 1) {
    for (const segment of segments) {
      if (segment.wall.length < 2) continue;
      const unique = [...new Set(segment.wall)].sort((a, b) => a - b);
      unique.forEach((t, i) => (segment.wall[i] = t));
      segment.wall.length = unique.length;
    }
  }
}
