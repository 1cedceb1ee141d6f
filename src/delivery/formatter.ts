import type { AlertMessage, FormattedAlert } from './alert-message.js';
import { formatCompact } from './format-compact.js';
import type { FormatOptions } from './format-full.js';
import { formatFull } from './format-full.js';
import { formatSms } from './format-sms.js';
import type { TransmitResult } from './transmitter.js';

/** A format that failed says how, in a transmit result's terms (outcome temporary or permanent). */
export type FormatOutcome = { readonly formatted: FormattedAlert } | { readonly failure: TransmitResult };

export interface Formatter {
  /** Never rejects. */
  format(message: AlertMessage): Promise<FormatOutcome>;
}

/** The formats built into the daemon; any other name is a module in mod/format/. */
export const BUILT_IN_FORMATS = ['full', 'compact', 'sms'] as const;

const PURE = { full: formatFull, compact: formatCompact, sms: formatSms } as const;

/** The built-in format `name`, or undefined when there is none by that name. */
export function builtInFormatter(name: string, options: FormatOptions = {}): Formatter | undefined {
  if (!Object.hasOwn(PURE, name)) return undefined;
  const pure = PURE[name as keyof typeof PURE];
  return { format: (message) => Promise.resolve({ formatted: pure(message, options) }) };
}
