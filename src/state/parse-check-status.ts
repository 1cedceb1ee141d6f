import type { CheckStatus } from './check-status.js';

/** The outcome of parsing a checkstatus file: the record, or why it is not one. */
export type ParsedCheckStatus = { readonly status: CheckStatus; readonly problem?: undefined } | { readonly status?: undefined; readonly problem: string };

/**
 * Parses and validates the text of a checkstatus file. Pure; never throws.
 * Unknown extra fields are ignored (newer writers may add optional fields);
 * a missing or mistyped known field, or a version other than 1, is a problem.
 */
export function parseCheckStatus(text: string): ParsedCheckStatus {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: `not JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'not a JSON object' };
  const v = value as Record<string, unknown>;
  if (v.version !== 1) return { problem: `unsupported version ${JSON.stringify(v.version)}` };
  const problem =
    integerProblem(v, 'rc') ??
    integerProblem(v, 'instances', 0) ??
    (typeof v.comment === 'string' ? undefined : 'comment must be a string') ??
    numberProblem(v, 'scalar') ??
    integerProblem(v, 'time', 0) ??
    integerProblem(v, 'since', 0) ??
    numberProblem(v, 'duration') ??
    (v.due === undefined ? undefined : integerProblem(v, 'due', 0));
  if (problem !== undefined) return { problem };
  const status: CheckStatus = {
    version: 1,
    rc: v.rc as number,
    instances: v.instances as number,
    comment: v.comment as string,
    scalar: v.scalar as number,
    time: v.time as number,
    since: v.since as number,
    duration: v.duration as number,
    ...(v.due === undefined ? {} : { due: v.due as number }),
  };
  return { status };
}

function integerProblem(v: Record<string, unknown>, key: string, min?: number): string | undefined {
  const x = v[key];
  if (typeof x !== 'number' || !Number.isSafeInteger(x)) return `${key} must be an integer, got ${JSON.stringify(x)}`;
  if (min !== undefined && x < min) return `${key} must be at least ${min}, got ${x}`;
  return undefined;
}

function numberProblem(v: Record<string, unknown>, key: string): string | undefined {
  const x = v[key];
  return typeof x === 'number' && Number.isFinite(x) ? undefined : `${key} must be a number, got ${JSON.stringify(x)}`;
}
