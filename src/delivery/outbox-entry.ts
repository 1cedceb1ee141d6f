import { randomBytes } from 'node:crypto';
import type { AlertMessage } from './alert-message.js';

/**
 * One message in the delivery journal (<statedir>/outbox/<id>.json): written
 * before the first transmit, deleted after the outcome is recorded.
 *
 * state: pending = not being sent (new, or waiting for `nextAttempt` after a
 * temporary failure); sending = a transmit is (or was, if the daemon died)
 * under way; done = transmitted or failed for good, the outcome in `result`
 * still to be recorded.
 */
export interface OutboxEntry {
  readonly version: 1;
  /** `<created, 13 digits>-<8 hex>`: unique, sorts by creation, safe in file names and Message-IDs. */
  readonly id: string;
  readonly state: 'pending' | 'sending' | 'done';
  /** Transmit attempts started so far. */
  readonly attempts: number;
  /** Epoch ms. */
  readonly created: number;
  readonly service: string;
  readonly host: string;
  /** Format name: full, compact, sms or a module in mod/format/. */
  readonly format: string;
  /** Transmitter name: mail or a module in mod/transmit/. */
  readonly transmit: string;
  /** The alert plan's try level this message belongs to, for alerthistory. */
  readonly try?: number;
  /** Give up on temporary failures this long after `created` (ms); default: the deliverer's. */
  readonly maxAgeMs?: number;
  readonly message: AlertMessage;
  /** Epoch ms before which no attempt is made (after a temporary failure). */
  readonly nextAttempt?: number;
  /** The reply of the last temporary failure. */
  readonly lastError?: string;
  /** State done: the outcome to record. */
  readonly result?: DeliveryOutcome;
}

/** The final outcome of one outbox entry, handed to the record callback (alerthistory). */
export interface DeliveryOutcome {
  readonly outcome: 'sent' | 'failed';
  /** Transmit rc: 0 sent, 1 failed, 4 misconfigured, 5 timed out, or a module's own code. */
  readonly rc: number;
  /** Server reply or module stderr. */
  readonly reply?: string;
  /** Epoch ms when the outcome was known. */
  readonly time: number;
  readonly attempts: number;
  /** The message was (re)sent marked as a possible duplicate. */
  readonly duplicate: boolean;
  /** Failed because temporary failures lasted past the entry's max age. */
  readonly expired?: boolean;
}

/** What the alert worker supplies; the outbox adds id, state, attempts and created. */
export type OutboxDraft = Pick<OutboxEntry, 'service' | 'host' | 'format' | 'transmit' | 'message'> &
  Partial<Pick<OutboxEntry, 'try' | 'maxAgeMs'>>;

/** A new entry id for a message created at `created` (epoch ms). */
export function newEntryId(created: number): string {
  return `${String(Math.max(0, Math.trunc(created))).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
}

export const ENTRY_ID_RE = /^\d{13,}-[0-9a-f]{8}$/;

/**
 * Checks a parsed outbox file: returns the entry, or a sentence saying what is
 * wrong. Only the fields delivery relies on are checked deeply.
 */
export function readOutboxEntry(doc: unknown): OutboxEntry | string {
  if (typeof doc !== 'object' || doc === null) return 'not a JSON object';
  const e = doc as Record<string, unknown>;
  if (e.version !== 1) return `unsupported version ${JSON.stringify(e.version)}`;
  if (typeof e.id !== 'string' || !ENTRY_ID_RE.test(e.id)) return 'bad id';
  if (e.state !== 'pending' && e.state !== 'sending' && e.state !== 'done') return `bad state ${JSON.stringify(e.state)}`;
  for (const key of ['attempts', 'created'] as const) {
    if (typeof e[key] !== 'number' || !Number.isFinite(e[key])) return `bad ${key}`;
  }
  for (const key of ['service', 'host', 'format', 'transmit'] as const) {
    if (typeof e[key] !== 'string' || e[key] === '') return `bad ${key}`;
  }
  const m = e.message as Record<string, unknown> | null;
  if (typeof m !== 'object' || m === null) return 'no message';
  if (!Array.isArray(m.addresses) || !Array.isArray(m.hosts) || !Array.isArray(m.callLists)) return 'message without addresses, hosts or callLists';
  if (typeof m.rc !== 'number' || typeof m.time !== 'number' || typeof m.token !== 'string') return 'message without rc, time or token';
  if (e.state === 'done' && (typeof e.result !== 'object' || e.result === null)) return 'state done without result';
  return doc as OutboxEntry;
}
