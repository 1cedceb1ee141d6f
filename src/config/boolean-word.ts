/**
 * 1.0's boolean words (reference 3.3), case-insensitive, plus on/off, which
 * sysadmins type out of habit.
 */
const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0', 'off']);

export const BOOLEAN_WORDS = 'yes/no, true/false, y/n, t/f, 1/0 or on/off';

/** Returns the boolean a word stands for, or undefined when it is not a boolean word. */
export function parseBooleanWord(word: string): boolean | undefined {
  const w = word.trim().toLowerCase();
  if (TRUE_WORDS.has(w)) return true;
  if (FALSE_WORDS.has(w)) return false;
  return undefined;
}
