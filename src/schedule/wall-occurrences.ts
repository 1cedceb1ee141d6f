/**
 * From local wall-clock times (`at 02:30`, `cron 0 30 2 * * *`) to instants,
 * across DST transitions.
 *
 * Fixed-time rules (every `at`, and cron expressions that do not match every
 * hour) name a time of day, which must happen exactly once per day:
 *  - spring forward: a time inside the skipped hour (02:30 when 02:00 jumps to
 *    03:00) fires at the first instant after the gap (03:00 new time), so the
 *    day's run is not lost; several such times collapse into that one instant;
 *  - fall back: a time inside the repeated hour fires at its first occurrence
 *    only (02:30 summer time), never again in the repeated hour.
 * Real-time rules (cron expressions matching every hour, e.g. every 5 minutes)
 * describe a rhythm: they fire whenever the local clock matches, so the
 * repeated hour is checked twice and the skipped hour not at all, which keeps
 * the rhythm steady in real time (Vixie cron treats wildcard jobs this way).
 */
import type { OffsetChunk } from './local-time.js';

/** Appends, ascending, every matching wall time in [wallFrom, wallTo) (wall ms, see local-time.ts). */
export type WallEnumerator = (wallFrom: number, wallTo: number, out: number[]) => void;

/**
 * Appends to `out`, ascending and without duplicates, the instants within the
 * chunks (as produced by offsetChunks for the range wanted) at which the rule
 * fires. `realTime` selects the real-time rule described above.
 */
export function wallOccurrences(
  enumerate: WallEnumerator,
  realTime: boolean,
  chunks: readonly OffsetChunk[],
  out: number[],
): void {
  const wall: number[] = [];
  for (const chunk of chunks) {
    const offset = chunk.offsetMs;
    const before = chunk.transition?.fromOffsetMs;
    let repeatedUntil = -Infinity;
    if (!realTime && chunk.transition !== undefined && before !== undefined) {
      if (before > offset) {
        // Fall back: wall times of [at + offset, at + before) already happened before the transition.
        repeatedUntil = chunk.transition.at + (before - offset);
      } else if (chunk.transition.at === chunk.start) {
        // Spring forward at the start of this chunk: times in the gap fire at its first instant.
        wall.length = 0;
        enumerate(chunk.start + before, chunk.start + offset, wall);
        if (wall.length > 0) push(out, chunk.start);
      }
    }
    wall.length = 0;
    enumerate(chunk.start + offset, chunk.end + offset, wall);
    for (const w of wall) {
      const t = w - offset;
      if (t >= repeatedUntil) push(out, t);
    }
  }
}

function push(out: number[], t: number): void {
  if (out.length === 0 || (out[out.length - 1] ?? -Infinity) < t) out.push(t);
}
