/**
 * Shape checks for the small JSON state files of alerting (docs/state.md):
 * each check looks at one field and returns a sentence when it is wrong.
 * Pure; unknown extra fields are allowed (newer writers may add optional
 * fields to a version 1 record).
 */

/** One field check: undefined when fine, else what is wrong. */
export type FieldCheck = (v: Readonly<Record<string, unknown>>) => string | undefined;

/** The parsed object, or why the text is not a valid record. */
export type ParsedRecord = { readonly value: Readonly<Record<string, unknown>>; readonly problem?: undefined } | { readonly value?: undefined; readonly problem: string };

/** Parses `text` as one JSON object with `version: 1` and runs every check, first problem wins. Never throws. */
export function parseRecord(text: string, checks: readonly FieldCheck[]): ParsedRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: `not JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'not a JSON object' };
  const v = value as Record<string, unknown>;
  if (v.version !== 1) return { problem: `unsupported version ${JSON.stringify(v.version)}` };
  for (const check of checks) {
    const problem = check(v);
    if (problem !== undefined) return { problem };
  }
  return { value: v };
}

/** A safe integer ≥ min (default 0); `optional` allows the field to be absent. */
export function integer(key: string, opts: { min?: number; optional?: boolean } = {}): FieldCheck {
  const min = opts.min ?? 0;
  return (v) => {
    const x = v[key];
    if (x === undefined && opts.optional === true) return undefined;
    if (typeof x !== 'number' || !Number.isSafeInteger(x)) return `${key} must be an integer, got ${JSON.stringify(x)}`;
    return x < min ? `${key} must be at least ${min}, got ${x}` : undefined;
  };
}

/** Any safe integer (return codes may be negative in old records). */
export function anyInteger(key: string): FieldCheck {
  return integer(key, { min: Number.MIN_SAFE_INTEGER });
}

export function text(key: string, opts: { optional?: boolean; nonEmpty?: boolean } = {}): FieldCheck {
  return (v) => {
    const x = v[key];
    if (x === undefined && opts.optional === true) return undefined;
    if (typeof x !== 'string') return `${key} must be a string, got ${JSON.stringify(x)}`;
    return opts.nonEmpty === true && x === '' ? `${key} must not be empty` : undefined;
  };
}

export function textList(key: string): FieldCheck {
  return (v) => {
    const x = v[key];
    return Array.isArray(x) && x.every((s) => typeof s === 'string') ? undefined : `${key} must be a list of strings`;
  };
}

/** An array whose every element passes `checks` (as objects); the problem names the index. */
export function objectList(key: string, checks: readonly FieldCheck[]): FieldCheck {
  return (v) => {
    const x = v[key];
    if (!Array.isArray(x)) return `${key} must be a list`;
    for (const [i, item] of x.entries()) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) return `${key}[${i}] must be an object`;
      for (const check of checks) {
        const problem = check(item as Record<string, unknown>);
        if (problem !== undefined) return `${key}[${i}]: ${problem}`;
      }
    }
    return undefined;
  };
}

/** An optional object field whose content passes `checks`. */
export function optionalObject(key: string, checks: readonly FieldCheck[]): FieldCheck {
  return (v) => {
    const x = v[key];
    if (x === undefined) return undefined;
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return `${key} must be an object`;
    for (const check of checks) {
      const problem = check(x as Record<string, unknown>);
      if (problem !== undefined) return `${key}: ${problem}`;
    }
    return undefined;
  };
}

/** The field is absent or exactly `true`. */
export function optionalTrue(key: string): FieldCheck {
  return (v) => (v[key] === undefined || v[key] === true ? undefined : `${key} must be true when present, got ${JSON.stringify(v[key])}`);
}
