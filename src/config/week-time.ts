/**
 * Times of the week as 1.0 wrote them: `[<day>] HH:MM`. Days are sunday …
 * saturday or their three-letter forms, in any case.
 */
import type { WeekTime } from './config-model.js';

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export const WEEK_TIME_SYNTAX = '[day] HH:MM (day sunday … saturday or sun … sat)';

/** Day number 0 (Sunday) … 6 (Saturday) for a day word, undefined for anything else. */
export function parseDay(word: string): number | undefined {
  const w = word.toLowerCase();
  const index = DAYS.findIndex((d) => d === w || (w.length === 3 && d.startsWith(w)));
  return index < 0 ? undefined : index;
}

/** Parses `HH:MM` (hour 0–23, one or two digits; minute two digits) into minutes since midnight. */
export function parseClock(word: string): number | undefined {
  const m = /^([0-9]{1,2}):([0-9]{2})$/.exec(word);
  if (m === null) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return undefined;
  return hour * 60 + minute;
}

/**
 * Parses a sequence of week times from words (`sunday 04:30 03:00` → two
 * times). Returns a sentence naming the first bad word instead on failure.
 */
export function parseWeekTimes(words: readonly string[]): { times: WeekTime[] } | { problem: string } {
  const times: WeekTime[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const day = parseDay(word);
    const clockWord = day === undefined ? word : words[++i];
    if (clockWord === undefined) return { problem: `day "${word}" is not followed by a time` };
    const minute = parseClock(clockWord);
    if (minute === undefined) return { problem: `"${clockWord}" is not a time` };
    times.push(day === undefined ? { minute } : { day, minute });
  }
  return { times };
}
