/**
 * Typed access to the keys of one INI section. Every accessor reports its own
 * problems (with file, line, section and key) and returns undefined for a
 * missing or bad value, so a parser can read a whole section and report every
 * mistake in it instead of stopping at the first.
 */
import { nameProblem } from '../domain/names.js';
import { BOOLEAN_WORDS, parseBooleanWord } from './boolean-word.js';
import type { ConfigProblem } from './config-error.js';
import type { IniDocument, IniEntry, IniSection } from './ini-reader.js';
import { INTERVAL_SYNTAX, parseInterval } from './interval.js';

export interface KeySpec {
  /** Keys that may appear in the section. */
  readonly keys: readonly string[];
  /** Key prefixes that may appear (`option.`). */
  readonly prefixes?: readonly string[];
}

/** What a value parser returns: the value, or a sentence and the syntax that was expected. */
export type Parsed<T> = { readonly value: T } | { readonly problem: string; readonly expected: string };

/** A name read from a list value, with the line it came from. */
export interface NamedRef {
  readonly name: string;
  readonly line: number;
}

export class SectionReader {
  readonly title: string;
  readonly line: number;
  private readonly byKey = new Map<string, IniEntry[]>();
  private readonly repeatsReported = new Set<string>();

  /** Reports unknown keys of `section` right away. */
  constructor(
    readonly file: string,
    private readonly section: IniSection,
    spec: KeySpec,
    private readonly problems: ConfigProblem[],
  ) {
    this.title = section.title;
    this.line = section.line;
    const prefixes = spec.prefixes ?? [];
    for (const entry of section.entries) {
      const known = spec.keys.includes(entry.key) || prefixes.some((p) => entry.key.startsWith(p));
      if (!known) {
        const expected = [...spec.keys, ...prefixes.map((p) => `${p}<name>`)].join(', ');
        this.report(entry, 'unknown key', { expected, found: entry.key });
        continue;
      }
      const list = this.byKey.get(entry.key);
      if (list === undefined) this.byKey.set(entry.key, [entry]);
      else list.push(entry);
    }
  }

  /** Adds a problem at `at` (an entry, a line number, or the section header when undefined). */
  report(at: IniEntry | number | undefined, message: string, detail: { key?: string; expected?: string; found?: string } = {}): void {
    const line = typeof at === 'number' ? at : (at?.line ?? this.line);
    const key = detail.key ?? (typeof at === 'object' ? at.key : undefined);
    this.problems.push({
      file: this.file,
      line,
      // Keys before the first header (module manifests) belong to no section.
      ...(this.title !== '' ? { section: this.title } : {}),
      ...(key !== undefined ? { key } : {}),
      message,
      ...(detail.expected !== undefined ? { expected: detail.expected } : {}),
      ...(detail.found !== undefined ? { found: detail.found } : {}),
    });
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Every entry of a key that may repeat, in file order. */
  all(key: string): readonly IniEntry[] {
    return this.byKey.get(key) ?? [];
  }

  /** Entries whose key starts with `prefix`, in file order. */
  withPrefix(prefix: string): readonly IniEntry[] {
    return this.section.entries.filter((e) => e.key.startsWith(prefix) && this.byKey.has(e.key));
  }

  /** The entry of a single-valued key; a repetition is reported and the first one kept. */
  entry(key: string): IniEntry | undefined {
    const list = this.byKey.get(key);
    if (list === undefined) return undefined;
    if (!this.repeatsReported.has(key)) {
      this.repeatsReported.add(key);
      for (const extra of list.slice(1)) this.report(extra, `key given more than once (first at line ${list[0]?.line ?? 0})`);
    }
    return list[0];
  }

  /** A single value that needs `key = value`; a bare key line is reported. */
  string(key: string, options: { allowEmpty?: boolean } = {}): string | undefined {
    return this.text(key, options)?.text;
  }

  /** Like string(), and reports the section when the key is missing. */
  required(key: string): string | undefined {
    if (!this.has(key)) {
      this.report(undefined, `missing required key "${key}"`, { key });
      return undefined;
    }
    return this.string(key);
  }

  /** A boolean word; a bare key line (`allow root`) means yes, as 1.0's flag statements did. */
  boolean(key: string): boolean | undefined {
    const e = this.entry(key);
    if (e === undefined) return undefined;
    if (e.bare) return true;
    const value = parseBooleanWord(e.value);
    if (value === undefined) return this.bad(e, 'not a boolean', BOOLEAN_WORDS, JSON.stringify(e.value));
    return value;
  }

  /** An interval in milliseconds; `minMs` is the smallest allowed value (default 1 ms; 0 allows `0 seconds`). */
  interval(key: string, minMs = 1): number | undefined {
    const got = this.text(key);
    if (got === undefined) return undefined;
    const parsed = parseInterval(got.text);
    if ('problem' in parsed) return this.bad(got.entry, parsed.problem, INTERVAL_SYNTAX, JSON.stringify(got.text));
    if (parsed.ms < minMs) return this.bad(got.entry, 'interval must not be zero', INTERVAL_SYNTAX + ' above 0', JSON.stringify(got.text));
    return parsed.ms;
  }

  /** A whole number within [min, max]. */
  integer(key: string, min: number, max: number): number | undefined {
    const got = this.text(key);
    if (got === undefined) return undefined;
    const n = /^[0-9]+$/.test(got.text) ? Number(got.text) : NaN;
    if (!(n >= min && n <= max)) return this.bad(got.entry, 'not a whole number in range', `a whole number from ${min} to ${max}`, JSON.stringify(got.text));
    return n;
  }

  /** One of a fixed set of words. */
  oneOf<T extends string>(key: string, words: readonly T[]): T | undefined {
    const got = this.text(key);
    if (got === undefined) return undefined;
    const word = words.find((w) => w === got.text);
    if (word === undefined) return this.bad(got.entry, 'unknown value', words.join(' | '), JSON.stringify(got.text));
    return word;
  }

  /** A single name (host, schedule, check, …) checked with nameProblem. */
  name(key: string): string | undefined {
    const got = this.text(key);
    if (got === undefined) return undefined;
    const bad = nameProblem(got.text);
    if (bad !== undefined) return this.bad(got.entry, bad, undefined, JSON.stringify(got.text));
    return got.text;
  }

  /**
   * Names listed under a key that may repeat, separated by spaces or commas,
   * in order. Bad names are reported and left out.
   */
  names(key: string): NamedRef[] {
    return this.all(key).flatMap((e) => this.entryNames(e));
  }

  /** The names of one list entry, as names() reads them; a bare line and bad names are reported. */
  entryNames(e: IniEntry): NamedRef[] {
    if (e.bare) {
      this.report(e, 'missing value', { expected: 'key = value', found: e.key });
      return [];
    }
    const out: NamedRef[] = [];
    for (const name of e.value.split(/[\s,]+/)) {
      if (name === '') continue;
      const bad = nameProblem(name);
      if (bad !== undefined) this.report(e, bad, { found: JSON.stringify(name) });
      else out.push({ name, line: e.line });
    }
    return out;
  }

  /** Every entry with a known key, in file order: for sections whose meaning depends on line order. */
  ordered(): readonly IniEntry[] {
    return this.section.entries.filter((e) => this.byKey.has(e.key));
  }

  /**
   * A single-valued key (or one given entry of a repeatable key) read by
   * `parser`; undefined when absent or bad (reported with the parser's
   * sentence). A bare key line is reported unless `bareAllowed`: the parser
   * then gets it, for flag lines such as `notify on clear` that mean yes.
   */
  parse<T>(at: string | IniEntry, parser: (e: IniEntry) => Parsed<T>, options: { bareAllowed?: boolean } = {}): T | undefined {
    const e = typeof at === 'string' ? this.entry(at) : at;
    if (e === undefined) return undefined;
    if (e.bare && options.bareAllowed !== true) return this.bad(e, 'missing value', 'key = value', e.key);
    const got = parser(e);
    if ('value' in got) return got.value;
    return this.bad(e, got.problem, got.expected, JSON.stringify(e.value));
  }

  /** The trimmed value of a single-valued key with its entry; bare and (unless allowed) empty values are reported. */
  text(key: string, options: { allowEmpty?: boolean } = {}): { entry: IniEntry; text: string } | undefined {
    const e = this.entry(key);
    if (e === undefined) return undefined;
    if (e.bare) return this.bad(e, 'missing value', 'key = value', e.key);
    const text = e.value.trim();
    if (!options.allowEmpty && text === '') return this.bad(e, 'empty value', 'a value', '""');
    return { entry: e, text };
  }

  private bad(at: IniEntry | undefined, message: string, expected: string | undefined, found: string): undefined {
    this.report(at, message, { ...(expected !== undefined ? { expected } : {}), found });
    return undefined;
  }
}

/**
 * The valid names of the sections of `doc` of the given types, whether or not
 * their content is valid: references to a broken definition then do not
 * cascade into "not defined" problems.
 */
export function sectionNames(doc: IniDocument, types: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const s of doc.sections) if (types.includes(s.type) && s.name !== undefined && nameProblem(s.name) === undefined) out.add(s.name);
  return out;
}

/**
 * The sections of `doc` of one type, named or not as `named` says, in file
 * order, without reporting anything: for a second parser of a file whose
 * sections knownSections() has already vetted.
 */
export function sectionsOf(doc: IniDocument, type: string, named: boolean): IniSection[] {
  return doc.sections.filter((s) => s.type === type && (s.name !== undefined) === named);
}

/**
 * The sections of `doc` whose type is one of `kinds` (`true` = the type takes
 * a name, `false` = it must not have one). Keys before the first section,
 * unknown section types and missing or extra names are reported.
 */
export function knownSections(doc: IniDocument, kinds: Readonly<Record<string, boolean>>, problems: ConfigProblem[]): IniSection[] {
  const file = doc.file;
  for (const e of doc.preamble) {
    problems.push({ file, line: e.line, key: e.key, message: 'key outside any section', expected: 'a [section] header first' });
  }
  const expected = Object.entries(kinds)
    .map(([type, named]) => (named ? `[${type} NAME]` : `[${type}]`))
    .join(', ');
  const out: IniSection[] = [];
  for (const s of doc.sections) {
    const named = Object.hasOwn(kinds, s.type) ? kinds[s.type] : undefined;
    if (named === undefined) {
      problems.push({ file, line: s.line, section: s.title, message: 'unknown section type', expected, found: `[${s.title}]` });
    } else if (named && s.name === undefined) {
      problems.push({ file, line: s.line, section: s.title, message: `a [${s.type}] section needs a name`, expected: `[${s.type} NAME]` });
    } else if (!named && s.name !== undefined) {
      problems.push({ file, line: s.line, section: s.title, message: `a [${s.type}] section takes no name`, expected: `[${s.type}]` });
    } else {
      out.push(s);
    }
  }
  return out;
}
