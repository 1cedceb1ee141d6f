import type { ModuleOptions } from '../config/config-model.js';
import { optionText } from './module-environment.js';

/**
 * Fills in a nagios-protocol argv template for one host. The template is
 * already split into words (config/command-template.ts), so a substituted
 * value always stays inside its word, spaces and all. `$HOST` and `$SERVICE`
 * and `$name` / `${name}` of an option are replaced (lists joined with
 * commas), `$$` is a literal `$`, and a reference to anything else is left
 * as written. Pure.
 */
export function nagiosCommand(
  template: readonly string[],
  host: string,
  service: string,
  options: ModuleOptions,
): string[] {
  const lookup = (name: string): string | undefined => {
    if (name === 'HOST') return host;
    if (name === 'SERVICE') return service;
    const value = Object.hasOwn(options, name) ? options[name] : undefined;
    return value === undefined ? undefined : optionText(value, ',');
  };
  return template.map((word) =>
    word.replace(/\$(?:\$|\{([a-zA-Z0-9._-]+)\}|([a-zA-Z_][a-zA-Z0-9_]*))/g, (whole, braced?: string, bare?: string) => {
      if (whole === '$$') return '$';
      return lookup(braced ?? bare ?? '') ?? whole;
    }),
  );
}
