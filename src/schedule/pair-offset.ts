/**
 * The stable per-pair offset that spreads pairs over their schedule's grid.
 *
 * A pair's `every` slots are the instants ≡ offset (mod interval). The offset
 * is a hash of "service@host", so it survives restarts and reloads and moves
 * no pair when others are added. Without smart scheduling (`ss -S`) every
 * offset is 0: all pairs share the epoch-aligned grid, as in 1.0.
 */
import type { Schedule } from '../config/config-model.js';
import { gridIntervalMs } from './compiled-schedule.js';
import { DAY_MS, SECOND_MS } from './local-time.js';

/** Schedules whose every-intervals have a longer common period spread over their longest interval instead. */
const MAX_CYCLE_MS = 28 * DAY_MS;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A 53-bit hash of "service@host": two differently seeded multiply-xor lanes
 * over the UTF-16 code units, cross-mixed and finished with murmur3's
 * avalanche, so that similar names (web1, web2, …) land far apart modulo any
 * interval. Reads both names in place: the planner hashes every pair on every
 * pass, and building the joined string cost more than hashing it.
 */
export function pairHash(service: string, host: string): number {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  const at = service.length;
  const length = at + 1 + host.length;
  for (let i = 0; i < length; i++) {
    const c = i < at ? service.charCodeAt(i) : i === at ? 0x40 : host.charCodeAt(i - at - 1);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const lo = fmix32(a ^ Math.imul(b, 0x27d4eb2d));
  const hi = fmix32(b ^ Math.imul(a, 0x165667b1));
  return (hi & 0x1fffff) * 0x1_0000_0000 + lo;
}

/**
 * The pair's offset within `intervalMs`: hash("service@host") modulo the
 * interval, in whole seconds (so slots stay on whole seconds). Returns ms in
 * [0, intervalMs); 0 for intervals of a second or less.
 */
export function offsetMs(service: string, host: string, intervalMs: number): number {
  const seconds = Math.floor(intervalMs / SECOND_MS);
  if (!(seconds > 1)) return 0;
  return (pairHash(service, host) % seconds) * SECOND_MS;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The period over which a schedule's pairs are spread: the least common
 * multiple of its `every` intervals (so the offset spreads pairs evenly on
 * each of them), or its longest interval when that multiple exceeds 28 days;
 * 0 when the schedule has no `every` rule (its slots do not depend on offsets).
 */
export function scheduleCycleMs(schedule: Schedule): number {
  let cycle = 0;
  let longest = 0;
  let tooLong = false;
  for (const rule of schedule.rules) {
    if (rule.kind !== 'every') continue;
    const seconds = gridIntervalMs(rule.intervalMs) / SECOND_MS;
    longest = Math.max(longest, seconds);
    if (tooLong) continue;
    cycle = cycle === 0 ? seconds : (cycle / gcd(cycle, seconds)) * seconds;
    tooLong = cycle * SECOND_MS > MAX_CYCLE_MS;
  }
  return (tooLong ? longest : cycle) * SECOND_MS;
}

/** The offset a pair uses on its schedule: 0 without smart scheduling. */
export function pairOffsetMs(service: string, host: string, schedule: Schedule, smart: boolean): number {
  return smart ? offsetMs(service, host, scheduleCycleMs(schedule)) : 0;
}
