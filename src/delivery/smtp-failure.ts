import { TRANSMIT_RC } from './transmitter.js';
import type { TransmitResult } from './transmitter.js';

/** The fields nodemailer sets on the errors it rejects with (its NodemailerError). */
interface SmtpErrorFields {
  readonly code?: unknown;
  readonly originalCode?: unknown;
  readonly responseCode?: unknown;
  readonly response?: unknown;
  readonly permanent?: unknown;
  readonly message?: unknown;
}

/** Failures of the configuration (credentials, settings) rather than of one message: retrying cannot help. */
const MISCONFIG_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ECONFIG', 'EREQUIRETLS']);

/**
 * Classifies an error from a nodemailer SMTP send:
 * - an SMTP reply: 4xx (and 503, which nodemailer marks not permanent) →
 *   temporary; 5xx → permanent, rc 4 for a rejected login (535), else rc 1;
 * - no reply: a login or configuration problem (EAUTH, ENOAUTH, ECONFIG, …) →
 *   permanent rc 4; anything else (ECONNREFUSED, ETIMEDOUT, ESOCKET,
 *   ECONNECTION, EDNS, ETLS, …) → temporary, because the message never got
 *   to a server that could refuse it.
 * The reply is the server's text when there is one, else `<code>: <message>`.
 */
export function classifySmtpError(err: unknown): TransmitResult {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SmtpErrorFields;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const reply = replyText(e, code);
  if (responseCode !== undefined) {
    const permanent = typeof e.permanent === 'boolean' ? e.permanent : responseCode >= 500;
    if (!permanent) return { outcome: 'temporary', rc: TRANSMIT_RC.FAILED, reply };
    const misconfig = code !== undefined && MISCONFIG_CODES.has(code);
    return { outcome: 'permanent', rc: misconfig ? TRANSMIT_RC.MISCONFIG : TRANSMIT_RC.FAILED, reply };
  }
  if (code !== undefined && MISCONFIG_CODES.has(code)) return { outcome: 'permanent', rc: TRANSMIT_RC.MISCONFIG, reply };
  return { outcome: 'temporary', rc: code === 'ETIMEDOUT' ? TRANSMIT_RC.TIMEDOUT : TRANSMIT_RC.FAILED, reply };
}

function replyText(e: SmtpErrorFields, code: string | undefined): string {
  if (typeof e.response === 'string' && e.response.trim() !== '') return oneLine(e.response);
  const message = typeof e.message === 'string' ? e.message : 'unknown error';
  const original = typeof e.originalCode === 'string' && !message.includes(e.originalCode) ? ` (${e.originalCode})` : '';
  return oneLine(code === undefined || message.startsWith(code) ? `${message}${original}` : `${code}: ${message}${original}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
