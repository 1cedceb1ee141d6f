/**
 * `[person NAME]` of calllist.cf (reference 2.5): the person's address for
 * each alert method (`notify = ADDRESS via METHOD`, repeatable) and a fallback
 * address for any other method (`otherwise = ADDRESS`).
 */
import { nameProblem } from '../domain/names.js';
import type { Person } from './alert-model.js';
import type { IniEntry } from './ini-reader.js';
import type { Parsed, SectionReader } from './section-reader.js';

export const PERSON_KEYS = ['notify', 'otherwise'] as const;

const ADDRESS_SYNTAX = 'one word without blanks: a mail address, a phone number, a URL, a file, …';

/** Parses a [person] section against the alert methods of the file; problems are reported, the person returned anyway. */
export function parsePersonSection(r: SectionReader, name: string, alertMethods: ReadonlySet<string>): Person {
  const addresses = new Map<string, string>();
  const lines = new Map<string, number>();
  for (const e of r.all('notify')) {
    const got = r.parse(e, parseNotify);
    if (got === undefined) continue;
    const first = lines.get(got.via);
    if (first !== undefined) r.report(e, `${name} already has an address for alert ${got.via} (line ${first})`, { found: got.via });
    else {
      if (!alertMethods.has(got.via)) r.report(e, `alert ${got.via} is not defined in calllist.cf`, { expected: 'the name of an [alert] section', found: got.via });
      addresses.set(got.via, got.address);
      lines.set(got.via, e.line);
    }
  }
  const otherwise = r.parse('otherwise', (e) => parseAddress(e.value));
  if (!r.has('notify') && !r.has('otherwise')) {
    r.report(undefined, 'a person needs an address', { key: 'notify', expected: 'notify = ADDRESS via ALERT and/or otherwise = ADDRESS' });
  }
  return { name, addresses, ...(otherwise !== undefined ? { otherwise } : {}), source: { file: r.file, line: r.line } };
}

/** `ADDRESS via METHOD`. */
function parseNotify(e: IniEntry): Parsed<{ address: string; via: string }> {
  const expected = 'notify = ADDRESS via ALERT';
  const m = /^(\S+)\s+via\s+(\S+)$/i.exec(e.value.trim());
  if (m === null) return { problem: 'not an address for an alert', expected };
  const via = m[2] ?? '';
  const bad = nameProblem(via);
  if (bad !== undefined) return { problem: `bad alert name: ${bad}`, expected };
  return { value: { address: m[1] ?? '', via } };
}

function parseAddress(text: string): Parsed<string> {
  const t = text.trim();
  return t === '' || /\s/.test(t) ? { problem: 'not an address', expected: ADDRESS_SYNTAX } : { value: t };
}
