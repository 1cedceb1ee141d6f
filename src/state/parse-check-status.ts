import type { CheckStatus } from './check-status.js';
import { anyInteger, integer, parseRecord, text, type FieldCheck } from './record-shape.js';

/** The outcome of parsing a checkstatus file: the record, or why it is not one. */
export type ParsedCheckStatus = { readonly status: CheckStatus; readonly problem?: undefined } | { readonly status?: undefined; readonly problem: string };

/** A finite number (scalar and duration may be fractional or negative). */
function finite(key: string): FieldCheck {
  return (v) => (typeof v[key] === 'number' && Number.isFinite(v[key]) ? undefined : `${key} must be a number, got ${JSON.stringify(v[key])}`);
}

const CHECKS: readonly FieldCheck[] = [
  anyInteger('rc'),
  integer('instances'),
  text('comment'),
  finite('scalar'),
  integer('time'),
  integer('since'),
  finite('duration'),
  integer('due', { optional: true }),
];

/**
 * Parses and validates the text of a checkstatus file. Pure; never throws.
 * Unknown extra fields are ignored (newer writers may add optional fields);
 * a missing or mistyped known field, or a version other than 1, is a problem.
 */
export function parseCheckStatus(textOfFile: string): ParsedCheckStatus {
  const parsed = parseRecord(textOfFile, CHECKS);
  if (parsed.problem !== undefined) return { problem: parsed.problem };
  const v = parsed.value;
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
