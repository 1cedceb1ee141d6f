/**
 * 1.0's typed module arguments (reference 3.3): a type string such as
 * `optional number between(0,100) default(90)` and the checks and coercions a
 * value of that type goes through. `directory` and `file` name paths on the
 * host that runs the module, so their existence is not checked here.
 */
import { BOOLEAN_WORDS, parseBooleanWord } from './boolean-word.js';
import type { ModuleOptionValue } from './config-model.js';

export const OPTION_BASES = ['boolean', 'string', 'password', 'number', 'directory', 'file', 'flags', 'extraction', 'relation'] as const;
export type OptionBase = (typeof OPTION_BASES)[number];

export interface OptionType {
  /** The type string as written, for messages. */
  readonly text: string;
  readonly base: OptionBase;
  readonly optional: boolean;
  /** The option may repeat; its value is an array. */
  readonly list: boolean;
  /** Already coerced (an array for list types). */
  readonly defaultValue?: ModuleOptionValue;
  /** Inclusive numeric range; ±Infinity for `inf`. */
  readonly between?: readonly [number, number];
  /** Allowed values (flags: allowed characters), zero or more of them. */
  readonly any?: readonly string[];
  /** Allowed values, exactly one of them. */
  readonly one?: readonly string[];
}

export type ScalarValue = string | number | boolean;
export type Coerced = { readonly value: ScalarValue } | { readonly problem: string; readonly expected: string };

const NUMBER = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const NUM = '-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)';
const EXTRACTION = /^(?:column\[\s*[0-9]+\s*\]|substr\[\s*[0-9]+\s*,\s*[0-9]+\s*\])$/;
const RELATION = new RegExp(
  `^(?:(?:lt|gt|eq|ne)\\[\\s*${NUM}\\s*\\]|(?:bt|nb)\\[\\s*${NUM}\\s*,\\s*${NUM}\\s*\\]|(?:reg|regv)\\[.+\\]|(?:tnt|tot)\\[\\s*[0-9]+(?:\\.[0-9]*)?\\s*\\])$`,
  's',
);
const EXPECTED: Readonly<Record<OptionBase, string>> = {
  boolean: BOOLEAN_WORDS,
  string: 'any text',
  password: 'any text',
  number: 'a number (digits, one optional leading -, at most one .)',
  directory: 'a directory path',
  file: 'a file path',
  flags: 'single characters without separators',
  extraction: 'column[x] or substr[x,y]',
  relation: 'lt[x] gt[x] eq[x] ne[x] bt[x,y] nb[x,y] reg[re] regv[re] tnt[s] tot[s]',
};

/** Parses a type string; returns a sentence naming the mistake instead when it is not a valid type. */
export function parseOptionType(text: string): { type: OptionType } | { problem: string } {
  const token = /\s*([a-zA-Z]+)(?:\(([^)]*)\))?\s*/y;
  let base: OptionBase | undefined;
  let optional = false;
  let list = false;
  let defaultText: string | undefined;
  let between: [number, number] | undefined;
  let any: string[] | undefined;
  let one: string[] | undefined;
  const seen = new Set<string>();
  while (token.lastIndex < text.length) {
    const start = token.lastIndex;
    const m = token.exec(text);
    if (m === null) return { problem: `cannot read the type at "${text.slice(start)}"` };
    const word = (m[1] ?? '').toLowerCase();
    const arg = m[2];
    if (seen.has(word)) return { problem: `"${word}" given twice` };
    seen.add(word);
    const takesArg = ['default', 'between', 'any', 'one'].includes(word);
    if (takesArg !== (arg !== undefined)) return { problem: takesArg ? `"${word}" needs (…)` : `"${word}" takes no (…)` };
    if ((OPTION_BASES as readonly string[]).includes(word)) {
      if (base !== undefined) return { problem: `two base types: ${base} and ${word}` };
      base = word as OptionBase;
    } else if (word === 'optional') optional = true;
    else if (word === 'list') list = true;
    else if (word === 'default') defaultText = arg;
    else if (word === 'any' || word === 'one') {
      const values = (arg ?? '').split(',').map((v) => v.trim());
      if (values.some((v) => v === '')) return { problem: `${word}(…) has an empty value` };
      if (word === 'any') any = values;
      else one = values;
    } else if (word === 'between') {
      const range = (arg ?? '').split(',').map((v) => rangeEnd(v.trim()));
      const [low, high] = range;
      if (range.length !== 2 || low === undefined || high === undefined || Number.isNaN(low) || Number.isNaN(high)) {
        return { problem: 'between(x,y) needs two numbers (inf allowed)' };
      }
      if (low > high) return { problem: `between(${arg ?? ''}): the lower bound is above the upper` };
      between = [low, high];
    } else return { problem: `unknown word "${m[1] ?? ''}"` };
  }
  if (base === undefined) return { problem: `no base type (one of ${OPTION_BASES.join(', ')})` };
  if (defaultText !== undefined && !optional) return { problem: 'default(…) is only allowed with optional' };
  if (one !== undefined && list) return { problem: 'one(…) cannot be combined with list' };
  if (one !== undefined && any !== undefined) return { problem: 'one(…) and any(…) cannot be combined' };
  if (list && ['boolean', 'flags', 'relation'].includes(base)) return { problem: `list is not allowed with ${base}` };
  if (between !== undefined && base !== 'number') return { problem: 'between(…) is only for numbers' };
  if ((one !== undefined || any !== undefined) && base === 'boolean') return { problem: 'any(…)/one(…) make no sense for boolean' };
  if (base === 'flags' && any?.some((c) => [...c].length !== 1)) return { problem: 'any(…) of flags lists single characters' };
  const type: OptionType = {
    text: text.trim(),
    base,
    optional,
    list,
    ...(between ? { between } : {}),
    ...(any ? { any } : {}),
    ...(one ? { one } : {}),
  };
  if (defaultText === undefined) return { type };
  if (list && defaultText.trim() === '') return { type: { ...type, defaultValue: [] } };
  const coerced = coerceOptionValue(type, defaultText.trim());
  if ('problem' in coerced) return { problem: `default(${defaultText}): ${coerced.problem}` };
  const value = coerced.value;
  if (list) return { type: { ...type, defaultValue: typeof value === 'boolean' ? [String(value)] : [value] } };
  return { type: { ...type, defaultValue: value } };
}

/** Checks one value (one element for list types) against a type and converts it: numbers and booleans become JS values. */
export function coerceOptionValue(type: OptionType, raw: string): Coerced {
  const expected = EXPECTED[type.base];
  let value: ScalarValue = raw;
  switch (type.base) {
    case 'boolean': {
      const b = parseBooleanWord(raw);
      if (b === undefined) return { problem: 'not a boolean', expected };
      return { value: b };
    }
    case 'number': {
      if (!NUMBER.test(raw)) return { problem: 'not a number', expected };
      const n = Number(raw);
      if (type.between && (n < type.between[0] || n > type.between[1])) {
        return { problem: 'number out of range', expected: `a number from ${type.between[0]} to ${type.between[1]}` };
      }
      value = n;
      break;
    }
    case 'directory':
    case 'file':
      if (raw === '') return { problem: 'empty path', expected };
      break;
    case 'flags':
      if (/[\s,]/.test(raw)) return { problem: 'flags are single characters without separators', expected };
      if (type.any && [...raw].some((c) => !type.any?.includes(c))) return { problem: 'unknown flag', expected: `characters from ${type.any.join('')}` };
      return { value };
    case 'extraction':
      if (!EXTRACTION.test(raw)) return { problem: 'not an extraction', expected };
      break;
    case 'relation':
      if (!RELATION.test(raw)) return { problem: 'not a relation', expected };
      break;
    default:
      break;
  }
  const allowed = type.one ?? type.any;
  if (allowed && !allowed.includes(raw)) return { problem: 'value not allowed', expected: `${type.one ? 'one' : 'any'} of ${allowed.join(', ')}` };
  return { value };
}

function rangeEnd(text: string): number {
  if (text === 'inf' || text === '+inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return NUMBER.test(text) ? Number(text) : NaN;
}
