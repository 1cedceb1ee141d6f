import { rcText } from '../domain/return-code.js';
import type { AlertMessage, FormattedAlert } from './alert-message.js';
import { alertSubject } from './alert-subject.js';
import { alertTime } from './alert-time.js';

export interface FormatOptions {
  /** IANA zone for printed times; undefined = the process's local zone. */
  readonly timeZone?: string;
}

/**
 * The `full` format (1.0's verbose mail): recipients, summary, fix result,
 * host, service, time, status with its count, token, the helpfile text for
 * problems, and a footer saying replies are not read. Such a message is
 * one-way, so `replyOk` is always false. Pure.
 */
export function formatFull(message: AlertMessage, options: FormatOptions = {}): FormattedAlert {
  const lines: string[] = [];
  const field = (name: string, value: string): void => {
    lines.push(`${`${name}:`.padEnd(13)}${value}`);
  };
  if (message.duplicate === true) {
    lines.push('This message may be a duplicate: Survivor stopped while sending it and has sent it again.', '');
  }
  const lists = message.callLists.length > 0 ? ` (call list ${message.callLists.join(', ')})` : '';
  field('Recipients', `${message.addresses.join(', ')}${lists}`);
  field('Summary', message.comment);
  if (message.fix !== undefined) field('Fix result', `${rcText(message.fix.rc)} (return code ${message.fix.rc}): ${message.fix.comment}`);
  field(message.hosts.length === 1 ? 'Host' : 'Hosts', message.hosts.join(', '));
  field('Service', message.service);
  field('Time', alertTime(message.time, options.timeZone));
  field('Status', message.clear || message.rc === 0 ? 'OK: the problem has cleared' : `${rcText(message.rc)} (return code ${message.rc})`);
  field('Instances', String(message.instances));
  field('Token', `${message.token} (instance ${message.instance})`);
  const help = message.rc === 0 ? undefined : message.helpText?.trimEnd();
  if (help !== undefined && help !== '') lines.push('', 'Help:', help);
  lines.push(
    '',
    '-- ',
    'This is a one-way alert from Survivor: replies to it are not read.',
    'Acknowledge or inhibit it with sc on the scheduler host.',
  );
  return { addresses: message.addresses, subject: alertSubject(message), message: `${lines.join('\n')}\n`, replyOk: false };
}
