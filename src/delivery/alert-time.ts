/**
 * 1.0's alert time format, `HH:MM:SS MM/DD/YYYY` (24-hour clock), of an
 * epoch-ms instant in `timeZone` (an IANA name such as "Europe/Berlin";
 * undefined = the process's local zone, as 1.0's localtime). Throws
 * RangeError for an unknown time zone.
 */
export function alertTime(epochMs: number, timeZone?: string): string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of format.formatToParts(new Date(epochMs))) part[type] = value;
  return `${part.hour}:${part.minute}:${part.second} ${part.month}/${part.day}/${part.year}`;
}
