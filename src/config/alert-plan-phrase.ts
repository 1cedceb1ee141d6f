/**
 * The small phrases of alert plans (reference 2.4.2) as they appear in
 * schedule.cf values: `2 check failures`, `3 times`, `return values 1 5`,
 * `2 during nights`, `using office`, `not on return values 2`, … Pure parsers:
 * each returns the value or a sentence and the expected syntax. Keywords are
 * matched in any case; names are checked with nameProblem but their existence
 * is the caller's business.
 */
import { nameProblem } from '../domain/names.js';
import { isValidRc } from '../domain/return-code.js';
import type { ReturnMatch } from './alert-model.js';
import { BOOLEAN_WORDS, parseBooleanWord } from './boolean-word.js';
import type { Parsed } from './section-reader.js';

type Phrase<T> = Parsed<T>;

/** Largest count accepted in `after N` and `try N times` (beyond it, it is a typo). */
const MAX_COUNT = 1_000_000;

export const AFTER_SYNTAX = '<n> check failure(s), n ≥ 1';
export const TRY_SYNTAX = '<n> time(s) (n ≥ 1) or remaining';
export const ON_SYNTAX = 'return values <rc> … | returngroup <name> | default';
export const RETURN_VALUES_SYNTAX = 'return codes 0–7 or 20–1000, separated by spaces or commas';
export const ALLOW_SYNTAX = '<n> [during <schedule>]';
export const NOTIFY_SYNTAX = `yes | no | using <schedule> (yes/no: ${BOOLEAN_WORDS})`;
export const CLEAR_STATE_SYNTAX = 'always | not on return values <rc> …';
export const HONORS_SYNTAX = 'none | all | <returngroup> …';
export const ATTEMPT_FIX_SYNTAX = 'yes | no | if defined';

function words(text: string): string[] {
  return text.trim().split(/[\s,]+/).filter((w) => w !== '');
}

function count(word: string | undefined, min: number): number | undefined {
  if (word === undefined || !/^[0-9]+$/.test(word)) return undefined;
  const n = Number(word);
  return n >= min && n <= MAX_COUNT ? n : undefined;
}

function named<T>(name: string | undefined, value: (n: string) => T, expected: string): Phrase<T> {
  if (name === undefined) return { problem: 'a name is missing', expected };
  const bad = nameProblem(name);
  return bad === undefined ? { value: value(name) } : { problem: bad, expected };
}

/** `after = 2 check failures` (`2` alone too): consecutive failures before a return stanza applies. */
export function parseAfter(text: string): Phrase<number> {
  const m = /^\s*([0-9]+)(?:\s+check\s+failures?)?\s*$/i.exec(text);
  const n = count(m?.[1], 1);
  return n === undefined ? { problem: 'not a count of check failures', expected: AFTER_SYNTAX } : { value: n };
}

/** `try = 3 times` → 3; `try = remaining` and an empty value (a bare `try` line) → 'remaining' (every attempt from here on). */
export function parseTryCount(text: string): Phrase<number | 'remaining'> {
  const t = text.trim();
  if (t === '' || t.toLowerCase() === 'remaining') return { value: 'remaining' };
  const m = /^([0-9]+)(?:\s+times?)?$/i.exec(t);
  const n = count(m?.[1], 1);
  return n === undefined ? { problem: 'not a try count', expected: TRY_SYNTAX } : { value: n };
}

/** Return codes separated by spaces or commas; each valid (0–7, 20–1000) and listed once. */
export function parseReturnValues(list: readonly string[]): Phrase<number[]> {
  if (list.length === 0) return { problem: 'no return values', expected: RETURN_VALUES_SYNTAX };
  const out: number[] = [];
  for (const w of list) {
    const rc = /^[0-9]+$/.test(w) ? Number(w) : NaN;
    if (!isValidRc(rc)) return { problem: `"${w}" is not a valid return code`, expected: RETURN_VALUES_SYNTAX };
    if (out.includes(rc)) return { problem: `return value ${rc} is listed twice`, expected: RETURN_VALUES_SYNTAX };
    out.push(rc);
  }
  return { value: out };
}

/** The return codes of a `return values = …` line (return groups). */
export function parseReturnValueList(text: string): Phrase<number[]> {
  return parseReturnValues(words(text));
}

/** `on = return values 1 5 | return value 1 | returngroup bad | default`. */
export function parseOn(text: string): Phrase<ReturnMatch> {
  const w = words(text);
  const head = w[0]?.toLowerCase();
  if (head === 'default' && w.length === 1) return { value: { kind: 'default' } };
  if (head === 'returngroup') {
    if (w.length !== 2) return { problem: 'returngroup takes exactly one name', expected: ON_SYNTAX };
    return named(w[1], (group) => ({ kind: 'group', group }), ON_SYNTAX);
  }
  if (head === 'return' && /^values?$/i.test(w[1] ?? '')) {
    const codes = parseReturnValues(w.slice(2));
    return 'value' in codes ? { value: { kind: 'values', codes: codes.value } } : codes;
  }
  return { problem: 'unknown return stanza', expected: ON_SYNTAX };
}

/** `allow failed hosts = 2 [during nights]`: degraded mode; 0 turns it off. */
export function parseAllowFailedHosts(text: string): Phrase<{ count: number; during?: string }> {
  const w = words(text);
  const n = count(w[0], 0);
  if (n === undefined) return { problem: 'not a count of hosts', expected: ALLOW_SYNTAX };
  if (w.length === 1) return { value: { count: n } };
  if (w.length !== 3 || w[1]?.toLowerCase() !== 'during') return { problem: 'unexpected text after the count', expected: ALLOW_SYNTAX };
  return named(w[2], (during) => ({ count: n, during }), ALLOW_SYNTAX);
}

/** `notify on clear = yes | no | using <schedule>`; a bare line means yes. */
export function parseNotifyOnClear(text: string, bare: boolean): Phrase<{ enabled: boolean; schedule?: string }> {
  if (bare) return { value: { enabled: true } };
  const w = words(text);
  if (w[0]?.toLowerCase() === 'using') {
    if (w.length !== 2) return { problem: '"using" takes exactly one schedule', expected: NOTIFY_SYNTAX };
    return named(w[1], (schedule) => ({ enabled: true, schedule }), NOTIFY_SYNTAX);
  }
  const yes = w.length === 1 ? parseBooleanWord(w[0] ?? '') : undefined;
  return yes === undefined ? { problem: 'unknown value', expected: NOTIFY_SYNTAX } : { value: { enabled: yes } };
}

/** `clear state = always | not on return values 1 5` → the codes whose changes keep state ([] for always). */
export function parseClearState(text: string): Phrase<number[]> {
  const w = words(text);
  if (w.length === 1 && w[0]?.toLowerCase() === 'always') return { value: [] };
  if (w[0]?.toLowerCase() === 'not' && w[1]?.toLowerCase() === 'on' && w[2]?.toLowerCase() === 'return' && /^values?$/i.test(w[3] ?? '')) {
    return parseReturnValues(w.slice(4));
  }
  return { problem: 'unknown value', expected: CLEAR_STATE_SYNTAX };
}

export type Honors = { readonly kind: 'none' } | { readonly kind: 'all' } | { readonly kind: 'groups'; readonly groups: readonly string[] };

/** `clear state honors returngroups = none | all | bad other`. */
export function parseHonors(text: string): Phrase<Honors> {
  const w = words(text);
  if (w.length === 0) return { problem: 'empty value', expected: HONORS_SYNTAX };
  const only = w.length === 1 ? w[0]?.toLowerCase() : undefined;
  if (only === 'none' || only === 'all') return { value: { kind: only } };
  const groups: string[] = [];
  for (const g of w) {
    const bad = nameProblem(g);
    if (bad !== undefined) return { problem: bad, expected: HONORS_SYNTAX };
    if (['none', 'all'].includes(g.toLowerCase())) return { problem: `"${g}" stands alone`, expected: HONORS_SYNTAX };
    if (groups.includes(g)) return { problem: `return group ${g} is listed twice`, expected: HONORS_SYNTAX };
    groups.push(g);
  }
  return { value: { kind: 'groups', groups } };
}

/** `attempt fix = yes | no | if defined`; a bare line means yes. */
export function parseAttemptFix(text: string, bare: boolean): Phrase<{ attemptFix: boolean; ifDefined: boolean }> {
  if (bare) return { value: { attemptFix: true, ifDefined: false } };
  const w = words(text.toLowerCase());
  if (w.length === 2 && w[0] === 'if' && w[1] === 'defined') return { value: { attemptFix: true, ifDefined: true } };
  const yes = w.length === 1 ? parseBooleanWord(w[0] ?? '') : undefined;
  return yes === undefined ? { problem: 'unknown value', expected: ATTEMPT_FIX_SYNTAX } : { value: { attemptFix: yes, ifDefined: false } };
}

/** Exactly one name (`using = office`). */
export function parseName(text: string, expected: string): Phrase<string> {
  const w = words(text);
  if (w.length !== 1) return { problem: 'expected exactly one name', expected };
  return named(w[0], (n) => n, expected);
}

/** A yes/no flag; a bare line means yes. */
export function parseFlag(text: string, bare: boolean): Phrase<boolean> {
  const yes = bare ? true : parseBooleanWord(text);
  return yes === undefined ? { problem: 'not a boolean', expected: BOOLEAN_WORDS } : { value: yes };
}

/** `replacing = OLD with NEW` of a plan alias. */
export function parseReplacing(text: string): Phrase<{ from: string; to: string }> {
  const expected = 'replacing = OLD-LIST with NEW-LIST';
  const w = words(text);
  if (w.length !== 3 || w[1]?.toLowerCase() !== 'with') return { problem: 'not a replacement', expected };
  const from = named(w[0], (n) => n, expected);
  const to = named(w[2], (n) => n, expected);
  if (!('value' in from)) return from;
  if (!('value' in to)) return to;
  if (from.value === to.value) return { problem: 'a call list cannot replace itself', expected };
  return { value: { from: from.value, to: to.value } };
}
