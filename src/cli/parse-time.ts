/**
 * Parses an `sc -f`/`-u` time: 1.0's `[HHMM]MMDDYYYY` (local time, 00:00 when the
 * time is omitted) or ISO 8601 (`2026-11-21`, `2026-11-21T09:30`, with or without
 * a zone). Returns epoch ms, or undefined when the text is neither or names a
 * date that does not exist (e.g. 02302026).
 */
export function parseTime(text: string): number | undefined {
  const legacy = /^(?:(\d{2})(\d{2}))?(\d{2})(\d{2})(\d{4})$/.exec(text);
  if (legacy !== null) {
    const [, hh = '00', mi = '00', mm, dd, yyyy] = legacy;
    return localDate(Number(yyyy), Number(mm), Number(dd), Number(hh), Number(mi));
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (iso === null) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = iso;
  if (zone === undefined) return localDate(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
  const t = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(t) || localDate(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)) === undefined ? undefined : t;
}

function localDate(y: number, mo: number, d: number, h: number, mi: number, s = 0): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(y, mo - 1, d, h, mi, s);
  if (date.getMonth() !== mo - 1 || date.getDate() !== d) return undefined;
  return date.getTime();
}
