/**
 * Module manifests (mod/<kind>/<name>.ini): description, protocol and one
 * `[option NAME]` section per option with its 1.0 type string. Modules read
 * their own manifest so that the option types and defaults live in one place.
 * The INI subset read here follows the `ini` package's value rules (quotes,
 * `;`/`#` comments, `\;` escapes) without depending on it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseOptionType } from './option-type.js';

/**
 * Reads and parses the manifest at `path`.
 * Returns { description, protocol, options: Map<name, { type, typeText, description }> }.
 * Throws Error when the file cannot be read or an option has no valid type.
 */
export function readManifest(path) {
  return parseManifest(readFileSync(path, 'utf8'), path);
}

/** The manifest next to the running module (`<argv[1]>.ini`), or undefined when it has none. */
export function ownManifestPath() {
  const path = `${process.argv[1]}.ini`;
  return existsSync(path) ? path : undefined;
}

/** Parses manifest text; `origin` names it in error messages. */
export function parseManifest(text, origin = 'manifest') {
  const sections = parseIni(text);
  const top = sections.get('') ?? {};
  const options = new Map();
  for (const [section, keys] of sections) {
    if (section === '') continue;
    const match = /^option\s+(\S+)$/.exec(section);
    if (!match) throw new Error(`${origin}: unexpected section [${section}]`);
    if (typeof keys.type !== 'string') throw new Error(`${origin}: [${section}] has no type`);
    let type;
    try {
      type = parseOptionType(keys.type);
    } catch (error) {
      throw new Error(`${origin}: [${section}]: ${error.message}`);
    }
    options.set(match[1], Object.freeze({ type, typeText: keys.type, description: keys.description ?? '' }));
  }
  return Object.freeze({ description: top.description ?? '', protocol: top.protocol ?? 'batch', options });
}

/** Section name → { key: value }; keys before any section go under ''. */
function parseIni(text) {
  const sections = new Map([['', {}]]);
  let current = sections.get('');
  for (const line of text.split(/[\r\n]+/)) {
    if (/^\s*([;#]|$)/.test(line)) continue;
    const section = /^\[([^\]]*)\]\s*$/.exec(line);
    if (section) {
      const name = iniValue(section[1]);
      if (!sections.has(name)) sections.set(name, {});
      current = sections.get(name);
      continue;
    }
    const equals = line.indexOf('=');
    if (equals < 0) continue;
    current[iniValue(line.slice(0, equals))] = iniValue(line.slice(equals + 1));
  }
  return sections;
}

/** The `ini` package's unescaping: quoted values are unquoted, else text up to an unescaped ; or #. */
function iniValue(raw) {
  const value = raw.trim();
  if (value.length > 1 && /^(".*"|'.*')$/s.test(value)) {
    const inner = value.startsWith("'") ? value.slice(1, -1) : value;
    try {
      return JSON.parse(inner);
    } catch {
      return inner;
    }
  }
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === ';' || c === '#') break;
    if (c === '\\' && i + 1 < value.length) {
      const next = value[++i];
      out += ';#\\'.includes(next) ? next : `\\${next}`;
    } else out += c;
  }
  return out.trim();
}
