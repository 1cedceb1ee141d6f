import { parseInterval } from '../config/interval.js';

const SHORT_UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a duration for `sc` options such as `-o expire=`: `90s`, `30m`,
 * `2h`, `1d`, `1w` (several may be joined: `1h30m`), or the configuration's
 * `2 hours`. Returns milliseconds (> 0), or undefined for anything else,
 * including zero. Pure.
 */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().toLowerCase();
  if (/^(\d+[smhdw])+$/.test(compact)) {
    let ms = 0;
    for (const [, n, unit] of compact.matchAll(/(\d+)([smhdw])/g)) ms += Number(n) * (SHORT_UNIT_MS[unit ?? ''] ?? 0);
    return Number.isSafeInteger(ms) && ms > 0 ? ms : undefined;
  }
  if (!/^\d+\s*[a-z]+$/.test(compact)) return undefined;
  const parsed = parseInterval(compact);
  return 'ms' in parsed && parsed.ms > 0 ? parsed.ms : undefined;
}
