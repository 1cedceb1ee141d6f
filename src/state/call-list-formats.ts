/**
 * The two files of a call list's state, <statedir>/calllist/<list>/status and
 * substitutions (docs/state.md): parsing and writing. Pure; parsers never
 * throw and keep only the known fields.
 */
import type { CallListStatus, NotifiedPerson, Substitution } from '../alert/call-list-state.js';
import type { Parsed } from './alert-file-formats.js';
import type { FieldCheck } from './record-shape.js';
import { integer, objectList, optionalObject, parseRecord, text } from './record-shape.js';

/** The substitutions file: `entries` in the order they were added (the first match wins). */
export interface SubstitutionsRecord {
  readonly version: 1;
  readonly entries: readonly Substitution[];
}

const NOTIFIED: readonly FieldCheck[] = [text('person'), text('address'), text('alert')];
const STATUS: readonly FieldCheck[] = [optionalObject('lastNotified', NOTIFIED), text('onCall', { optional: true }), integer('lastRotate', { optional: true })];
const ENTRY: readonly FieldCheck[] = [integer('from'), integer('until'), text('replace'), text('with')];

/** Parses a call list's status file. Pure. */
export function parseCallListStatus(textContent: string): Parsed<CallListStatus> {
  const parsed = parseRecord(textContent, STATUS);
  if (parsed.value === undefined) return { problem: parsed.problem };
  const v = parsed.value;
  const notified = v.lastNotified as Readonly<Record<string, unknown>> | undefined;
  const lastNotified: NotifiedPerson | undefined =
    notified === undefined ? undefined : { person: notified.person as string, address: notified.address as string, alert: notified.alert as string };
  return {
    record: {
      version: 1,
      ...(lastNotified !== undefined ? { lastNotified } : {}),
      ...(v.onCall !== undefined ? { onCall: v.onCall as string } : {}),
      ...(v.lastRotate !== undefined ? { lastRotate: v.lastRotate as number } : {}),
    },
  };
}

/** Parses a call list's substitutions file. Pure. */
export function parseSubstitutions(textContent: string): Parsed<SubstitutionsRecord> {
  const parsed = parseRecord(textContent, [objectList('entries', ENTRY)]);
  if (parsed.value === undefined) return { problem: parsed.problem };
  const entries = (parsed.value.entries as Readonly<Record<string, unknown>>[]).map((e) => ({
    from: e.from as number,
    until: e.until as number,
    replace: e.replace as string,
    with: e.with as string,
  }));
  return { record: { version: 1, entries } };
}
