/**
 * Reading the `module = M` and `option.NAME = value` keys that checks, fixes
 * and transports share.
 */
import type { ModuleUse } from './check-draft.js';
import { OPTION_NAME } from './module-manifest.js';
import type { RawOption } from './module-options.js';
import type { SectionReader } from './section-reader.js';

export const OPTION_PREFIX = 'option.';

/** The `option.*` lines of a section; bad option names and bare lines are reported and left out. */
export function readRawOptions(r: SectionReader): RawOption[] {
  const out: RawOption[] = [];
  for (const e of r.withPrefix(OPTION_PREFIX)) {
    const name = e.key.slice(OPTION_PREFIX.length);
    if (!OPTION_NAME.test(name)) {
      r.report(e, 'bad option name', { expected: 'option.<name> with letters, digits and . _ -', found: e.key });
    } else if (e.bare) {
      r.report(e, 'missing value', { expected: `${e.key} = value`, found: e.key });
    } else {
      out.push({ name, value: e.value, line: e.line });
    }
  }
  return out;
}

/** `module = M` with the section's options; undefined (and reported) when the key is missing or bad. */
export function readModuleUse(r: SectionReader, kind: ModuleUse['kind']): ModuleUse | undefined {
  if (!r.has('module')) {
    r.report(undefined, 'missing required key "module"', { key: 'module', expected: `module = <name of an executable in mod/${kind}>` });
    readRawOptions(r);
    return undefined;
  }
  const module = r.name('module');
  const options = readRawOptions(r);
  const entry = r.entry('module');
  if (module === undefined || entry === undefined) return undefined;
  return { kind, module, file: r.file, section: r.title, line: entry.line, options };
}
