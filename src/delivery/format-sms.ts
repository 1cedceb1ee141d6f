import type { AlertMessage, FormattedAlert } from './alert-message.js';
import { inputReplyOk } from './alert-message.js';
import { alertSubject } from './alert-subject.js';
import { alertTime } from './alert-time.js';
import type { FormatOptions } from './format-full.js';

/** What one text message holds; mail-to-SMS gateways count the addresses too. */
export const SMS_MAX_CHARS = 160;

/**
 * The `sms` format: message `T=<token>,I=<instance> <summary> <time>`, and
 * the alert subject (1.0's mail gateway finds replies by `ALERT: svc@host`
 * and `T=…,I=…`). Addresses (joined with ","), subject and message together
 * take at most SMS_MAX_CHARS characters (code points): the summary is cut
 * first, then the subject, then the message's end; only addresses longer
 * than the limit on their own can exceed it. Pure.
 */
export function formatSms(message: AlertMessage, options: FormatOptions = {}): FormattedAlert {
  const head = `T=${message.token},I=${message.instance}`;
  const time = alertTime(message.time, options.timeZone);
  let budget = Math.max(0, SMS_MAX_CHARS - chars(message.addresses.join(',')));
  let subject = alertSubject(message);

  const withoutSummary = `${head} ${time}`;
  const summaryRoom = budget - chars(subject) - chars(withoutSummary) - 1; // the space before the summary
  let text = withoutSummary;
  const summary = message.comment.replace(/\s+/g, ' ').trim();
  if (summaryRoom > 0 && summary !== '') text = `${head} ${cut(summary, summaryRoom).trimEnd()} ${time}`;

  subject = cut(subject, Math.max(0, budget - chars(text)));
  budget -= chars(subject);
  text = cut(text, budget);
  return { addresses: message.addresses, subject, message: text, replyOk: inputReplyOk(message) };
}

function chars(text: string): number {
  return [...text].length;
}

function cut(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : points.slice(0, Math.max(0, max)).join('');
}
