/**
 * Turns the `option.NAME = value` lines of a check, fix or transport into the
 * typed options sent to its module, validated against the module's manifest
 * with its defaults applied.
 */
import type { ConfigProblem } from './config-error.js';
import type { ModuleOptionValue, ModuleOptions } from './config-model.js';
import type { ModuleManifest } from './module-manifest.js';
import { coerceOptionValue } from './option-type.js';

/** One `option.NAME = value` line. */
export interface RawOption {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/** Where the options were written, for problems. */
export interface OptionSite {
  readonly file: string;
  readonly section: string;
  readonly module: string;
  /** Line of the `module` key (missing required options are reported there). */
  readonly line: number;
}

/**
 * Without a manifest every value is a string, an array of strings when the
 * option is repeated. With one: unknown options, repeated non-list options,
 * bad values and missing required options are reported, numbers and booleans
 * are converted, list options become arrays and defaults are filled in.
 */
export function resolveModuleOptions(
  raw: readonly RawOption[],
  manifest: ModuleManifest | undefined,
  site: OptionSite,
  problems: ConfigProblem[],
): ModuleOptions {
  const report = (line: number, name: string, message: string, detail: { expected?: string; found?: string } = {}): void => {
    problems.push({ file: site.file, line, section: site.section, key: `option.${name}`, message, ...detail });
  };
  // A Map, turned into an object at the end: an option called __proto__ must stay an ordinary key.
  const out = new Map<string, ModuleOptionValue>();
  if (manifest === undefined) {
    const lists = new Map<string, string[]>();
    for (const o of raw) {
      const list = lists.get(o.name);
      if (list === undefined) lists.set(o.name, [o.value]);
      else list.push(o.value);
    }
    for (const [name, values] of lists) out.set(name, values.length === 1 ? (values[0] ?? '') : values);
    return Object.fromEntries(out);
  }
  const firstLine = new Map<string, number>();
  const lists = new Map<string, (string | number)[]>();
  for (const o of raw) {
    const spec = manifest.options.get(o.name);
    if (spec === undefined) {
      const known = [...manifest.options.keys()];
      report(o.line, o.name, `module ${site.module} has no option "${o.name}"`, { expected: known.length > 0 ? known.join(', ') : 'no options', found: o.name });
      continue;
    }
    const first = firstLine.get(o.name);
    if (first !== undefined && !spec.type.list) {
      report(o.line, o.name, `option given more than once (first at line ${first}); its type is not a list`, { expected: spec.type.text });
      continue;
    }
    if (first === undefined) firstLine.set(o.name, o.line);
    const coerced = coerceOptionValue(spec.type, o.value);
    if ('problem' in coerced) {
      report(o.line, o.name, coerced.problem, { expected: coerced.expected, found: JSON.stringify(o.value) });
      continue;
    }
    const value = coerced.value;
    if (spec.type.list) {
      const element = typeof value === 'boolean' ? String(value) : value;
      const list = lists.get(o.name);
      if (list === undefined) {
        const fresh = [element];
        lists.set(o.name, fresh);
        out.set(o.name, fresh);
      } else list.push(element);
    } else {
      out.set(o.name, value);
    }
  }
  for (const spec of manifest.options.values()) {
    if (firstLine.has(spec.name)) continue;
    if (spec.type.defaultValue !== undefined) out.set(spec.name, spec.type.defaultValue);
    else if (!spec.type.optional) {
      report(site.line, spec.name, `module ${site.module} needs option "${spec.name}"`, { expected: `option.${spec.name} = <${spec.type.text}>` });
    }
  }
  return Object.fromEntries(out);
}
