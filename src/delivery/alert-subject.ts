import type { AlertMessage, FormattedAlert } from './alert-message.js';

/** Put in front of the subject of a message that may have been sent before. */
export const DUPLICATE_PREFIX = '[possible duplicate] ';

/**
 * The subject 1.0's formats use: `ALERT: <service>@<hosts>`, `FIXALERT: …`
 * when a fix was attempted, ` (cleared)` appended for rc 0, and the
 * duplicate prefix for a resend.
 */
export function alertSubject(message: AlertMessage): string {
  const kind = message.fix === undefined ? 'ALERT' : 'FIXALERT';
  const cleared = message.rc === 0 ? ' (cleared)' : '';
  const prefix = message.duplicate === true ? DUPLICATE_PREFIX : '';
  return `${prefix}${kind}: ${message.service}@${message.hosts.join(',')}${cleared}`;
}

/**
 * The formatted alert with the duplicate prefix on its subject (once), so a
 * resend says so whichever format made it; unchanged when `message` is not a
 * duplicate.
 */
export function markDuplicate(formatted: FormattedAlert, message: AlertMessage): FormattedAlert {
  if (message.duplicate !== true || formatted.subject.startsWith(DUPLICATE_PREFIX)) return formatted;
  return { ...formatted, subject: DUPLICATE_PREFIX + formatted.subject };
}
