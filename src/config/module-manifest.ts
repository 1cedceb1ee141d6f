/**
 * Module manifests, mod/<kind>/<name>.ini: an optional description and
 * protocol at the top, then one `[option NAME]` section per module argument
 * with its 1.0 type string (reference 3.3) and a description.
 */
import type { ConfigProblem } from './config-error.js';
import type { CheckProtocol } from './config-model.js';
import { readIni } from './ini-reader.js';
import { type OptionType, parseOptionType } from './option-type.js';
import { SectionReader, knownSections } from './section-reader.js';

export const CHECK_PROTOCOLS: readonly CheckProtocol[] = ['batch', 'single', 'nagios', 'survivor-xml'];

/** 1.0's <argname>: what a module option may be called. */
export const OPTION_NAME = /^[a-zA-Z0-9._-]+$/;

export interface OptionSpec {
  readonly name: string;
  readonly type: OptionType;
  readonly description?: string;
  readonly line: number;
}

export interface ModuleManifest {
  readonly file: string;
  readonly description?: string;
  /** Only meaningful for check modules; undefined = batch. */
  readonly protocol?: CheckProtocol;
  /** In manifest order. */
  readonly options: ReadonlyMap<string, OptionSpec>;
}

/**
 * Parses a manifest's text. Problems are appended to `problems` with `file`
 * as their file; options with a bad type are left out of the result.
 */
export function parseModuleManifest(text: string, file: string, problems: ConfigProblem[]): ModuleManifest {
  const doc = readIni(text, file, problems);
  const top = new SectionReader(file, { type: '', title: '', line: 1, entries: doc.preamble }, { keys: ['description', 'protocol'] }, problems);
  const description = top.string('description', { allowEmpty: true });
  const protocol = top.oneOf('protocol', CHECK_PROTOCOLS);
  const options = new Map<string, OptionSpec>();
  for (const section of knownSections({ ...doc, preamble: [] }, { option: true }, problems)) {
    const name = section.name ?? '';
    const r = new SectionReader(file, section, { keys: ['type', 'description'] }, problems);
    if (!OPTION_NAME.test(name)) r.report(undefined, 'option names may contain only letters, digits and . _ -', { found: name });
    const typeText = r.required('type');
    const optionDescription = r.string('description', { allowEmpty: true });
    if (typeText === undefined) continue;
    const parsed = parseOptionType(typeText);
    if ('problem' in parsed) {
      r.report(r.entry('type'), `bad option type: ${parsed.problem}`, { found: JSON.stringify(typeText) });
      continue;
    }
    options.set(name, {
      name,
      type: parsed.type,
      ...(optionDescription !== undefined ? { description: optionDescription } : {}),
      line: section.line,
    });
  }
  return {
    file,
    ...(description !== undefined ? { description } : {}),
    ...(protocol !== undefined ? { protocol } : {}),
    options,
  };
}
