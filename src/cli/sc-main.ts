import { userInfo } from 'node:os';
import { ConfigError, formatProblem } from '../config/config-error.js';
import type { Config } from '../config/config-model.js';
import { loadConfig } from '../config/load-config.js';
import { StateStore } from '../state/state-store.js';
import { instanceStoreOptions } from '../state/store-options.js';
import { AlertStore } from '../state/alert-store.js';
import { loadCommand } from './command-loaders.js';
import { CliError, EXIT } from './exit-codes.js';
import { parseScOptions, type ScOptions } from './sc-options.js';

export interface ScEntry {
  readonly prefix: string;
  readonly argv: readonly string[];
}

function who(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'unknown');
  }
}

async function load(entry: ScEntry, o: ScOptions): Promise<Config> {
  return loadConfig({ prefix: entry.prefix, instanceFile: o.instanceFile, instanceName: o.instance, moduleDir: o.moduleDir });
}

/** Runs `sc`; resolves to its exit code (docs/sc.md). */
export async function main(entry: ScEntry): Promise<number> {
  const out = (t: string): void => void process.stdout.write(t + '\n');
  const err = (t: string): void => void process.stderr.write(t + '\n');
  const parsed = await parseScOptions(entry.argv);
  if (parsed.options === undefined) {
    (parsed.exitCode === 0 ? out : err)(parsed.output ?? '');
    return parsed.exitCode;
  }
  const options = parsed.options;
  let config: Config;
  try {
    config = await load(entry, options);
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) err(formatProblem(p));
      err(`sc: ${e.problems.length} configuration error${e.problems.length === 1 ? '' : 's'}`);
    } else {
      err(`sc: ${(e as Error).message}`);
    }
    return EXIT.CONFIG;
  }
  if (options.command === 'checkcf') {
    out(`Configuration of instance ${config.instance.name} is valid: ${config.checks.size} checks, ${config.hostClass.size} hosts, ${config.pairs.length} pairs`);
    return EXIT.OK;
  }
  if (process.getuid?.() === 0 && !config.instance.allowRoot) {
    err(`sc: root may not run sc on instance ${config.instance.name} (set "allow root = yes" in instance.cf to permit it)`);
    return EXIT.PERMISSION;
  }
  const command = await loadCommand(options.command);
  if (command === undefined) {
    err(`sc: ${options.command} is not available in this release`);
    return EXIT.USAGE;
  }
  const store = new StateStore(instanceStoreOptions(config.instance));
  try {
    return await command({ config, store, alerts: new AlertStore(store), options, who: who(), now: Date.now, out, err });
  } catch (e) {
    if (e instanceof CliError) {
      err(e.message);
      return e.exitCode;
    }
    const code = (e as { code?: string }).code;
    err(`sc: ${(e as Error).message}`);
    return code === 'SURVIVOR_STATE_LOCKED' ? EXIT.PERMISSION : EXIT.FAILED;
  }
}
