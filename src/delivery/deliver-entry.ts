import type { AlertMessage, FormattedAlert } from './alert-message.js';
import { markDuplicate } from './alert-subject.js';
import type { Formatter } from './formatter.js';
import { readHelpText } from './help-text.js';
import type { OutboxEntry } from './outbox-entry.js';
import { TRANSMIT_RC } from './transmitter.js';
import type { TransmitResult, Transmitter } from './transmitter.js';

/** Where deliverEntry finds formats and transmitters (deliveryResolver builds the daemon's). */
export interface DeliveryDeps {
  /** The format called `name`, or undefined when there is none. */
  formatter(name: string): Formatter | undefined;
  /** The transmitter called `name`, or undefined when there is none. */
  transmitter(name: string): Transmitter | undefined;
  /** Reads a helpfile; default readHelpText. */
  readHelpText?(path: string): Promise<string | undefined>;
}

/** One attempt at an entry: the transmit result, and what was sent when it got that far. */
export interface DeliveryAttempt {
  readonly result: TransmitResult;
  readonly formatted?: FormattedAlert;
}

/**
 * Formats and transmits one outbox entry once: reads the helpfile when the
 * message names one without its text (problems only), formats with
 * `entry.format`, puts the duplicate prefix on the subject of a resend
 * (whatever the format did), and transmits with `entry.transmit`. Does not
 * touch the outbox: the caller records the result. Never rejects: an unknown
 * format or transmitter is a permanent rc 4 result; a format that throws is
 * permanent, a transmitter that throws temporary (the message may be fine).
 */
export async function deliverEntry(entry: OutboxEntry, deps: DeliveryDeps): Promise<DeliveryAttempt> {
  const message = await withHelpText(entry.message, (path) => (deps.readHelpText === undefined ? readHelpText(path) : deps.readHelpText(path)));
  const formatter = deps.formatter(entry.format);
  if (formatter === undefined) return misconfigured(`no format called "${entry.format}"`);
  const transmitter = deps.transmitter(entry.transmit);
  if (transmitter === undefined) return misconfigured(`no transmitter called "${entry.transmit}"`);

  let formatted: FormattedAlert;
  try {
    const outcome = await formatter.format(message);
    if ('failure' in outcome) return { result: outcome.failure };
    formatted = markDuplicate(outcome.formatted, message);
  } catch (err) {
    return { result: { outcome: 'permanent', rc: TRANSMIT_RC.FAILED, reply: `format ${entry.format} failed: ${describe(err)}` } };
  }
  try {
    const result = await transmitter.transmit(formatted, { id: entry.id, message });
    return { result, formatted };
  } catch (err) {
    return { result: { outcome: 'temporary', rc: TRANSMIT_RC.FAILED, reply: `transmit ${entry.transmit} failed: ${describe(err)}` }, formatted };
  }
}

async function withHelpText(message: AlertMessage, read: (path: string) => Promise<string | undefined>): Promise<AlertMessage> {
  if (message.helpfile === undefined || message.helpText !== undefined || message.rc === 0) return message;
  const helpText = await read(message.helpfile).catch(() => undefined);
  return helpText === undefined ? message : { ...message, helpText };
}

function misconfigured(reply: string): DeliveryAttempt {
  return { result: { outcome: 'permanent', rc: TRANSMIT_RC.MISCONFIG, reply } };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
