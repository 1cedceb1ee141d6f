/**
 * 1.0's option type strings (reference 3.3), e.g. `optional number
 * between(0,100) default(90)` or `list string`: parsing them, and turning a
 * received option value into the typed value a module works with. Values may
 * arrive typed (JSON numbers, booleans, arrays) or as strings; both are accepted.
 */
import { statSync } from 'node:fs';
import { misconfig } from './check-error.js';
import { parseRelation } from './relation.js';

const BASES = new Set(['boolean', 'string', 'password', 'number', 'directory', 'file', 'flags', 'extraction', 'relation']);
const NUMBER = /^\s*-?(\d+\.?\d*|\.\d+)\s*$/;
const TRUE = new Set(['true', 't', 'yes', 'y', '1', 'on']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', 'off']);

/**
 * Parses a type string into { base, optional, list, default, between, any, one }
 * (default: the raw text; between: [min, max] with Infinity for `inf`).
 * Throws Error (a defect in the manifest, not in the check's configuration).
 */
export function parseOptionType(text) {
  const type = { base: undefined, optional: false, list: false, default: undefined, between: undefined, any: undefined, one: undefined };
  for (const [, word, argument] of String(text).matchAll(/([a-z]+)(?:\(([^)]*)\))?/g)) {
    if (argument === undefined && BASES.has(word) && type.base === undefined) type.base = word;
    else if (argument === undefined && (word === 'optional' || word === 'list')) type[word] = true;
    else if (argument !== undefined && word === 'default') type.default = argument;
    else if (argument !== undefined && (word === 'any' || word === 'one')) type[word] = argument.split(',').map((s) => s.trim());
    else if (argument !== undefined && word === 'between') type.between = parseBetween(argument, text);
    else throw new Error(`type '${text}': unexpected '${word}'`);
  }
  if (type.base === undefined) throw new Error(`type '${text}' names no base type (${[...BASES].join(' ')})`);
  if (type.default !== undefined && !type.optional) throw new Error(`type '${text}': default() needs optional`);
  return Object.freeze(type);
}

function parseBetween(argument, text) {
  const bounds = argument.split(',').map((s) => s.trim());
  const numbers = bounds.map((b) => (b === 'inf' ? Infinity : b === '-inf' ? -Infinity : NUMBER.test(b) ? Number(b) : NaN));
  if (numbers.length !== 2 || numbers.some(Number.isNaN)) throw new Error(`type '${text}': between() needs two numbers`);
  return numbers;
}

/**
 * The typed value of option `name` given `value` as received (undefined when
 * absent): the default for absent optional options, undefined when there is
 * none, numbers as numbers, booleans as booleans, relations as parsed
 * relations (see relation.js), lists as arrays. Throws MisconfigError with a
 * message naming the option, what was expected and what was found.
 */
export function coerceOption(name, type, value) {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    if (!type.optional) throw misconfig(`option ${name} is required`);
    if (type.default === undefined) return undefined;
    value = type.default;
  }
  if (type.list) return (Array.isArray(value) ? value : [value]).map((item) => coerceOne(name, type, item));
  if (Array.isArray(value)) {
    if (value.length > 1) throw misconfig(`option ${name} is given ${value.length} times but takes one value`);
    value = value[0];
  }
  return coerceOne(name, type, value);
}

function coerceOne(name, type, value) {
  const fail = (expected) => misconfig(`option ${name}: expected ${expected}, got ${shown(value)}`);
  switch (type.base) {
    case 'number': {
      const number = typeof value === 'number' ? value : NUMBER.test(String(value)) ? Number(value) : NaN;
      const [min, max] = type.between ?? [-Infinity, Infinity];
      const range = type.between ? ` between ${min} and ${max}` : '';
      if (!Number.isFinite(number) || number < min || number > max) throw fail(`a number${range}`);
      return number;
    }
    case 'boolean': {
      const word = String(value).trim().toLowerCase();
      if (value === true || TRUE.has(word)) return true;
      if (value === false || FALSE.has(word)) return false;
      throw fail('yes or no');
    }
    case 'relation':
      try {
        return parseRelation(String(value));
      } catch (error) {
        throw misconfig(`option ${name}: ${error.message}`);
      }
    case 'flags': {
      const flags = String(value);
      if (type.any && [...flags].some((c) => !type.any.includes(c))) throw fail(`flags from ${type.any.join('')}`);
      return flags;
    }
    case 'extraction':
      if (!/^(column\[\d+\]|substr\[\d+,\d+\])$/.test(String(value))) throw fail('column[x] or substr[x,y]');
      return String(value);
    case 'directory':
    case 'file':
      return existingPath(String(value), type.base, fail);
    default: {
      const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
      if (type.one && !type.one.includes(text)) throw fail(`one of ${type.one.join(', ')}`);
      if (type.any && !type.any.includes(text)) throw fail(`one of ${type.any.join(', ')}`);
      return text;
    }
  }
}

/** 1.0: directory = an existing directory; file = anything else that exists. */
function existingPath(path, base, fail) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw fail(`an existing ${base}`);
  }
  if ((base === 'directory') !== stats.isDirectory()) throw fail(`an existing ${base}`);
  return path;
}

function shown(value) {
  return typeof value === 'string' ? `'${value}'` : `${JSON.stringify(value)} (${typeof value})`;
}
