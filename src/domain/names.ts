/**
 * Names of hosts, services, classes, groups, schedules, … become path
 * components under var/, so they follow 1.0's `[a-zA-Z0-9.+%@_-]+` and are
 * refused when they could escape a directory or confuse a reader.
 */
export const MAX_NAME_LENGTH = 128;

const NAME_RE = /^[a-zA-Z0-9.+%@_-]+$/;

/** Returns undefined for a good name, or a sentence saying what is wrong with it. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a name must not be empty';
  if (name.length > MAX_NAME_LENGTH) return `a name must be at most ${MAX_NAME_LENGTH} characters, got ${name.length}`;
  if (name === '.' || name === '..') return `"${name}" is reserved`;
  if (!NAME_RE.test(name)) {
    const bad = [...name].find((c) => !NAME_RE.test(c)) ?? '';
    const shown = /^[\x20-\x7e]$/.test(bad) ? `"${bad}"` : `U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `names may contain only letters, digits and . + % @ _ -, found ${shown}`;
  }
  return undefined;
}

export function isValidName(name: string): boolean {
  return nameProblem(name) === undefined;
}

/** One string per service@host for maps and sets: names never contain NUL, so it separates them unambiguously. */
export function pairKey(service: string, host: string): string {
  return `${service}\0${host}`;
}
