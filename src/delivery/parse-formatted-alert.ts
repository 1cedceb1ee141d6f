import type { AlertMessage, FormattedAlert } from './alert-message.js';
import { inputReplyOk } from './alert-message.js';

export type ParsedFormattedAlert = { readonly formatted: FormattedAlert } | { readonly problem: string };

/**
 * Reads what a format module printed: one JSON object
 * {"addresses":[…],"replyTo"?,"subject","message","replyOk"?}. `addresses`
 * may be left out (the input's are kept); `replyOk` can only lower the
 * input's (reference 3.6). Returns the formatted alert, or a sentence saying
 * what is wrong with the output; never throws.
 */
export function parseFormattedAlert(stdout: string, input: AlertMessage): ParsedFormattedAlert {
  const text = stdout.trim();
  if (text === '') return { problem: 'the format module printed nothing' };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { problem: `the format module's output is not one JSON document (${err instanceof Error ? err.message : String(err)})` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { problem: 'the format module printed JSON that is not an object' };
  const fields = doc as Record<string, unknown>;

  const { subject, message, replyTo, replyOk } = fields;
  if (typeof subject !== 'string') return { problem: `expected \`subject\` to be a string, got ${shown(subject)}` };
  if (typeof message !== 'string') return { problem: `expected \`message\` to be a string, got ${shown(message)}` };
  if (replyTo !== undefined && typeof replyTo !== 'string') return { problem: `expected \`replyTo\` to be a string, got ${shown(replyTo)}` };
  if (replyOk !== undefined && typeof replyOk !== 'boolean') return { problem: `expected \`replyOk\` to be true or false, got ${shown(replyOk)}` };

  let addresses = input.addresses;
  if (fields.addresses !== undefined) {
    const given = fields.addresses;
    if (!Array.isArray(given) || given.length === 0 || !given.every((a) => typeof a === 'string' && a.trim() !== '')) {
      return { problem: `expected \`addresses\` to be a non-empty array of strings, got ${shown(given)}` };
    }
    addresses = given as string[];
  }
  const formatted: FormattedAlert = {
    addresses,
    ...(replyTo === undefined || replyTo === '' ? {} : { replyTo }),
    subject,
    message,
    replyOk: inputReplyOk(input) && replyOk !== false,
  };
  return { formatted };
}

function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return `\`${json.length > 60 ? `${json.slice(0, 57)}...` : json}\` (${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value})`;
}
