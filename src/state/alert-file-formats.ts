/**
 * The per-pair alerting files (alertstatus, acknowledge, noalert, escalate,
 * token, fixstatus; docs/state.md): how each is parsed and written. Parsers
 * are pure, never throw, keep only the known fields, and say what is wrong
 * with a file that is not a valid record.
 */
import type { Acknowledgement, AlertRecipient, AlertStatus, Escalation, FixStatus, Inhibition } from '../alert/pair-alert-state.js';
import type { FieldCheck } from './record-shape.js';
import { anyInteger, integer, objectList, optionalTrue, parseRecord, text, textList } from './record-shape.js';

/** The reply token file's content. */
export interface TokenRecord {
  readonly version: 1;
  readonly token: string;
}

/** What each alerting file of a pair holds. */
export interface AlertFileTypes {
  readonly alertstatus: AlertStatus;
  readonly acknowledge: Acknowledgement;
  readonly noalert: Inhibition;
  readonly escalate: Escalation;
  readonly token: TokenRecord;
  readonly fixstatus: FixStatus;
}

export type AlertFileName = keyof AlertFileTypes;

export const ALERT_FILE_NAMES: readonly AlertFileName[] = ['alertstatus', 'acknowledge', 'noalert', 'escalate', 'token', 'fixstatus'];

/** The parsed record, or why the text is not one. */
export type Parsed<T> = { readonly record: T; readonly problem?: undefined } | { readonly record?: undefined; readonly problem: string };

const RECIPIENT: readonly FieldCheck[] = [text('alert'), textList('addresses'), textList('callLists'), anyInteger('rc')];
const WHO_COMMENT_TIME: readonly FieldCheck[] = [text('who'), text('comment'), integer('time')];

const CHECKS: { readonly [K in AlertFileName]: readonly FieldCheck[] } = {
  alertstatus: [anyInteger('rc'), text('comment'), integer('instances'), integer('time'), integer('since'), objectList('recipients', RECIPIENT), optionalTrue('stub')],
  acknowledge: [...WHO_COMMENT_TIME, integer('expires', { optional: true })],
  noalert: WHO_COMMENT_TIME,
  escalate: [integer('level'), text('who'), integer('time')],
  token: [text('token', { nonEmpty: true })],
  fixstatus: [text('who'), integer('instances'), anyInteger('rc'), text('comment'), integer('time'), integer('since')],
};

type Fields = Readonly<Record<string, unknown>>;

const BUILD: { readonly [K in AlertFileName]: (v: Fields) => AlertFileTypes[K] } = {
  alertstatus: (v) => ({
    version: 1,
    rc: v.rc as number,
    comment: v.comment as string,
    instances: v.instances as number,
    time: v.time as number,
    since: v.since as number,
    recipients: (v.recipients as Fields[]).map(recipient),
    ...(v.stub === true ? { stub: true as const } : {}),
  }),
  acknowledge: (v) => ({ ...whoCommentTime(v), ...(v.expires !== undefined ? { expires: v.expires as number } : {}) }),
  noalert: whoCommentTime,
  escalate: (v) => ({ version: 1, level: v.level as number, who: v.who as string, time: v.time as number }),
  token: (v) => ({ version: 1, token: v.token as string }),
  fixstatus: (v) => ({
    version: 1,
    who: v.who as string,
    instances: v.instances as number,
    rc: v.rc as number,
    comment: v.comment as string,
    time: v.time as number,
    since: v.since as number,
  }),
};

/** Parses the text of alerting file `name`. Pure; never throws. */
export function parseAlertFile<K extends AlertFileName>(name: K, text: string): Parsed<AlertFileTypes[K]> {
  const parsed = parseRecord(text, CHECKS[name]);
  if (parsed.value === undefined) return { problem: parsed.problem };
  return { record: BUILD[name](parsed.value) };
}

/** The file content for a record: compact JSON and a newline. */
export function alertFileText(record: object): string {
  return JSON.stringify(record) + '\n';
}

function whoCommentTime(v: Fields): Inhibition {
  return { version: 1, who: v.who as string, comment: v.comment as string, time: v.time as number };
}

function recipient(v: Fields): AlertRecipient {
  return { alert: v.alert as string, addresses: v.addresses as string[], callLists: v.callLists as string[], rc: v.rc as number };
}
