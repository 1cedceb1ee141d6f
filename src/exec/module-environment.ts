import { join } from 'node:path';
import type { Config, ModuleOptions, ModuleOptionValue } from '../config/config-model.js';
import type { InvocationContext } from './module-invocation.js';

/** PATH of every module process: nothing from the daemon's own environment leaks in. */
export const MODULE_PATH = '/usr/local/bin:/usr/bin:/bin';

/** Absolute path of check module `module`: <moduleDir>/check/<module>. */
export function checkModulePath(config: Config, module: string): string {
  return join(config.moduleDir, 'check', module);
}

/**
 * The complete, minimal environment of a check module process (SPEC §5):
 * PATH, LANG, HOME and TMPDIR (the instance temp dir), SURVIVOR_INSTANCE,
 * SURVIVOR_MODDIR, SURVIVOR_SERVICE and SURVIVOR_TIMEOUT (seconds), plus `extra`.
 */
export function moduleEnvironment(ctx: InvocationContext, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    PATH: MODULE_PATH,
    LANG: 'C.UTF-8',
    HOME: ctx.tmpDir,
    TMPDIR: ctx.tmpDir,
    SURVIVOR_INSTANCE: ctx.config.instance.name,
    SURVIVOR_MODDIR: ctx.config.moduleDir,
    SURVIVOR_SERVICE: ctx.check.name,
    SURVIVOR_TIMEOUT: String(ctx.timeoutMs / 1000),
    ...extra,
  };
}

/**
 * Options as SURVIVOR_OPT_<NAME> variables for the single protocol: the name
 * upper-cased with every non-alphanumeric character turned into `_`, list
 * values joined with newlines, numbers and booleans in their JSON spelling.
 */
export function optionEnvironment(options: ModuleOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options)) {
    env[`SURVIVOR_OPT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] = optionText(value, '\n');
  }
  return env;
}

/** One option value as text; list elements joined with `separator`. */
export function optionText(value: ModuleOptionValue, separator: string): string {
  return Array.isArray(value) ? value.map(String).join(separator) : String(value);
}
