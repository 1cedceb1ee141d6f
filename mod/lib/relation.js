/**
 * SURVIVOR 1.0 relations (reference 3.3), the thresholds of check options:
 *   numeric  lt[x] gt[x] eq[x] ne[x] bt[x,y] nb[x,y]   (bt/nb inclusive)
 *   regex    reg[s] regv[s]                            (matches / does not match)
 *   time     tnt[x] tot[x]                             (newer / older than x seconds ago)
 */
import { misconfig } from './check-error.js';

const NUMBER = /^\s*-?(\d+\.?\d*|\.\d+)\s*$/;

const OPERATORS = {
  lt: { kind: 'numeric', arity: 1, test: (v, [x]) => v < x, text: ([x]) => `less than ${x}` },
  gt: { kind: 'numeric', arity: 1, test: (v, [x]) => v > x, text: ([x]) => `greater than ${x}` },
  eq: { kind: 'numeric', arity: 1, test: (v, [x]) => v === x, text: ([x]) => `equal to ${x}` },
  ne: { kind: 'numeric', arity: 1, test: (v, [x]) => v !== x, text: ([x]) => `not equal to ${x}` },
  bt: { kind: 'numeric', arity: 2, test: (v, [x, y]) => v >= x && v <= y, text: ([x, y]) => `between ${x} and ${y}` },
  nb: { kind: 'numeric', arity: 2, test: (v, [x, y]) => v < x || v > y, text: ([x, y]) => `not between ${x} and ${y}` },
  tnt: { kind: 'time', arity: 1, test: (t, [x], now) => t > now - x * 1000, text: ([x]) => `newer than ${x} s` },
  tot: { kind: 'time', arity: 1, test: (t, [x], now) => t < now - x * 1000, text: ([x]) => `older than ${x} s` },
  reg: { kind: 'regex', test: (s, re) => re.test(s), text: (re) => `matching /${re.source}/` },
  regv: { kind: 'regex', test: (s, re) => !re.test(s), text: (re) => `not matching /${re.source}/` },
};

/**
 * Parses a relation such as `gt[90]`, `bt[1,5]` or `reg[^OK]`.
 * Returns a frozen object { text, op, kind: 'numeric'|'regex'|'time', description,
 * test(value, now = Date.now()) }: numeric relations take a number (or numeric
 * string; anything else never matches), regex relations a string, time
 * relations an epoch-ms timestamp compared with `now` (epoch ms).
 * Throws MisconfigError naming the problem for anything else.
 */
export function parseRelation(text) {
  if (typeof text !== 'string') throw misconfig(`expected a relation like gt[5], got ${JSON.stringify(text)}`);
  const match = /^\s*([a-z]+)\[(.*)\]\s*$/s.exec(text);
  const operator = match && Object.hasOwn(OPERATORS, match[1]) ? OPERATORS[match[1]] : undefined;
  if (!match || !operator) {
    throw misconfig(`expected a relation (lt gt eq ne bt nb reg regv tnt tot, e.g. gt[5]), got '${text}'`);
  }
  const [, op, inside] = match;
  const args = operator.kind === 'regex' ? compileRegex(inside, text) : numericArgs(inside, operator.arity, text);
  const description = operator.text(args);
  const test = (value, now = Date.now()) => {
    if (operator.kind === 'regex') return operator.test(String(value), args);
    const number = typeof value === 'number' ? value : NUMBER.test(String(value)) ? Number(value) : NaN;
    return Number.isFinite(number) && operator.test(number, args, now);
  };
  return Object.freeze({ text: text.trim(), op, kind: operator.kind, description, test });
}

/** True when `value` is a string that parses as a relation. */
export function isRelation(value) {
  try {
    parseRelation(value);
    return true;
  } catch {
    return false;
  }
}

function numericArgs(inside, arity, text) {
  const parts = inside.split(',');
  if (parts.length !== arity || !parts.every((part) => NUMBER.test(part))) {
    const expected = arity === 1 ? 'one number' : 'two numbers separated by a comma';
    throw misconfig(`relation '${text}' needs ${expected} in the brackets`);
  }
  return parts.map(Number);
}

function compileRegex(source, text) {
  try {
    return new RegExp(source);
  } catch (error) {
    throw misconfig(`relation '${text}' has a bad regular expression: ${error.message}`);
  }
}
