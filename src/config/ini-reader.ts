/**
 * Line-preserving INI reader. The `ini` package alone loses line numbers and
 * turns dots in section names into nesting, so the structure (headers,
 * comments, blank lines) is scanned here and only each key line is handed to
 * `ini.parse`, which keeps ini's quoting, escaping and inline-comment rules.
 */
import ini from 'ini';
import { nameProblem } from '../domain/names.js';
import type { ConfigProblem } from './config-error.js';

export interface IniEntry {
  /** Key with surrounding whitespace removed and inner runs of whitespace collapsed to one space. */
  readonly key: string;
  /** Decoded value; '' for a bare key. */
  readonly value: string;
  /** True for a line without `=` (ini reads it as `true`): 1.0-style flag lines such as `allow root`. */
  readonly bare: boolean;
  readonly line: number;
}

export interface IniSection {
  /** First word of the header: `check` in `[check ping]`. */
  readonly type: string;
  /** Rest of the header, undefined for `[defaults]`. */
  readonly name?: string;
  /** The header as written between the brackets, trimmed, for messages. */
  readonly title: string;
  readonly line: number;
  readonly entries: readonly IniEntry[];
}

export interface IniDocument {
  readonly file: string;
  /** Keys before the first section header (manifests use them; config files refuse them). */
  readonly preamble: readonly IniEntry[];
  readonly sections: readonly IniSection[];
}

const COMMENT_OR_BLANK = /^\s*(?:[;#].*)?$/;
const HEADER = /^\s*\[([^\]]*)\]\s*(?:[;#].*)?$/;

interface MutableSection {
  type: string;
  name?: string;
  title: string;
  line: number;
  entries: IniEntry[];
}

/**
 * Reads INI text into sections and entries, recording line numbers (1-based).
 * Problems (malformed headers or keys, duplicate named sections, bad section
 * names) are appended to `problems`; the reader never throws. Sections without
 * a name (`[defaults]`) may repeat, named ones may not.
 */
export function readIni(text: string, file: string, problems: ConfigProblem[]): IniDocument {
  const preamble: IniEntry[] = [];
  const sections: MutableSection[] = [];
  const seen = new Map<string, number>();
  let current: MutableSection | undefined;
  let skipping = false;
  // ini itself splits on \r and \n alike; counting lines the same way keeps numbers honest.
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = i + 1;
    if (COMMENT_OR_BLANK.test(raw)) continue;
    if (/^\s*\[/.test(raw)) {
      const header = HEADER.exec(raw);
      if (header === null) {
        problems.push({ file, line, message: 'malformed section header', expected: '[type name]', found: raw.trim() });
        current = undefined;
        skipping = true;
        continue;
      }
      const title = (header[1] ?? '').trim();
      const words = /^(\S+)(?:\s+(.*))?$/.exec(title);
      if (words === null) {
        problems.push({ file, line, message: 'empty section header', expected: '[type name]', found: raw.trim() });
        current = undefined;
        skipping = true;
        continue;
      }
      const type = words[1] ?? '';
      const name = words[2]?.trim();
      skipping = false;
      if (name !== undefined) {
        const bad = nameProblem(name);
        if (bad !== undefined) problems.push({ file, line, section: title, message: `bad section name: ${bad}` });
        const id = `${type} ${name}`;
        const first = seen.get(id);
        if (first !== undefined) {
          problems.push({ file, line, section: title, message: `duplicate section, first defined at line ${first}` });
        } else {
          seen.set(id, line);
        }
      }
      current = { type, title, line, entries: [], ...(name !== undefined ? { name } : {}) };
      sections.push(current);
      continue;
    }
    const entry = decodeKeyLine(raw, line);
    if (entry === undefined) {
      problems.push({ file, line, ...(current ? { section: current.title } : {}), message: 'malformed line', expected: 'key = value', found: raw.trim() });
      continue;
    }
    if (skipping) continue;
    (current?.entries ?? preamble).push(entry);
  }
  return { file, preamble, sections };
}

function decodeKeyLine(raw: string, line: number): IniEntry | undefined {
  const decoded = ini.parse(raw) as Record<string, unknown>;
  const keys = Object.keys(decoded);
  if (keys.length !== 1) return undefined;
  const rawKey = keys[0] ?? '';
  const key = rawKey.replace(/\s+/g, ' ').trim();
  if (key === '') return undefined;
  let value = decoded[rawKey];
  // `key[] = v` is ini's array syntax; repeated keys already accumulate, so it means `key = v`.
  if (Array.isArray(value)) value = value[0];
  const bare = !raw.includes('=');
  return { key, value: bare ? '' : String(value), bare, line };
}
