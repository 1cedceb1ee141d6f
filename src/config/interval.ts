/**
 * Intervals as 1.0 wrote them: `<n> <unit>` with unit second(s), minute(s),
 * hour(s), day(s) or week(s); a bare number is seconds. Whole numbers only,
 * so every interval is a whole number of seconds.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

export const INTERVAL_SYNTAX = '<number> second(s)|minute(s)|hour(s)|day(s)|week(s)';

/**
 * Parses an interval into milliseconds. Returns a sentence describing the
 * mistake instead when the text is not an interval or does not fit in a
 * safe integer.
 */
export function parseInterval(text: string): { ms: number } | { problem: string } {
  const m = /^\s*([0-9]+)\s*([a-zA-Z]+)?\s*$/.exec(text);
  if (m === null) return { problem: 'not an interval' };
  const count = Number(m[1]);
  const unitWord = (m[2] ?? 'seconds').toLowerCase();
  const unit = UNIT_MS[unitWord.endsWith('s') ? unitWord.slice(0, -1) : unitWord];
  if (unit === undefined) return { problem: `unknown unit "${m[2] ?? ''}"` };
  const ms = count * unit;
  if (!Number.isSafeInteger(ms)) return { problem: 'interval too large' };
  return { ms };
}
