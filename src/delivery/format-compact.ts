import { rcName } from '../domain/return-code.js';
import type { AlertMessage, FormattedAlert } from './alert-message.js';
import { inputReplyOk } from './alert-message.js';
import { alertSubject } from './alert-subject.js';
import { alertTime } from './alert-time.js';
import type { FormatOptions } from './format-full.js';

/**
 * The `compact` format (1.0's pager mail): `<summary> <time>`, the fix result
 * on a second line when one was attempted, and the helpfile text for
 * problems. Pure.
 */
export function formatCompact(message: AlertMessage, options: FormatOptions = {}): FormattedAlert {
  const lines = [`${message.comment} ${alertTime(message.time, options.timeZone)}`];
  if (message.fix !== undefined) lines.push(`fix ${rcName(message.fix.rc)}: ${message.fix.comment}`);
  const help = message.rc === 0 ? undefined : message.helpText?.trim();
  if (help !== undefined && help !== '') lines.push(help);
  return { addresses: message.addresses, subject: alertSubject(message), message: `${lines.join('\n')}\n`, replyOk: inputReplyOk(message) };
}
