/**
 * The instants at which a rotating call list hands over to the next person:
 * the `at` and `cron` rules of its rotation schedule (reference 2.5, 5.9; 1.0
 * counts only `at` lines, every/never lines have no instants to count). Several
 * rules firing at the same instant rotate once.
 */
import type { Schedule } from '../config/config-model.js';
import { MAX_SEARCH_MS, ScheduleView } from './schedule-view.js';

/** The schedule reduced to its at/cron rules, so no every/never line can hide an instant. */
function instantsOnly(rotation: Schedule): ScheduleView {
  return new ScheduleView({ ...rotation, rules: rotation.rules.filter((r) => r.kind === 'at' || r.kind === 'cron') });
}

function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`Expected \`${name}\` to be a finite number of epoch ms, got \`${value}\` (${typeof value})`);
}

/**
 * The rotation instants in (afterMs, untilMs] (epoch ms), ascending. The caller
 * bounds the range: its size is the work done (a rotation every minute for a
 * year is half a million instants). Empty when untilMs ≤ afterMs. Throws
 * RangeError for non-finite bounds.
 */
export function rotationInstants(rotation: Schedule, afterMs: number, untilMs: number): number[] {
  requireFinite('afterMs', afterMs);
  requireFinite('untilMs', untilMs);
  const out: number[] = [];
  instantsOnly(rotation).eachSlot(0, afterMs + 1, untilMs + 1, (t) => out.push(t));
  return out;
}

/** How many rotation instants lie in (afterMs, untilMs] (epoch ms); 0 when untilMs ≤ afterMs. */
export function countRotations(rotation: Schedule, afterMs: number, untilMs: number): number {
  requireFinite('afterMs', afterMs);
  requireFinite('untilMs', untilMs);
  let count = 0;
  instantsOnly(rotation).eachSlot(0, afterMs + 1, untilMs + 1, () => count++);
  return count;
}

/**
 * The first rotation instant after `afterMs` (epoch ms), searching at most
 * MAX_SEARCH_MS (400 days) ahead; undefined when there is none (a schedule
 * without at/cron rules never rotates).
 */
export function nextRotationAfter(rotation: Schedule, afterMs: number): number | undefined {
  requireFinite('afterMs', afterMs);
  return instantsOnly(rotation).nextSlotAfter(0, afterMs, MAX_SEARCH_MS);
}
