/**
 * Builds a configuration tree (prefix with etc/instance.cf, etc/t/*.cf and
 * mod/<kind>/<name> stub executables) in a temporary directory for loader tests.
 * calllist.cf and dependency.cf are optional files: written only when given.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeTempDir } from '../helpers/temp-dir.js';

export interface ConfigFiles {
  readonly instance?: string;
  readonly host?: string;
  readonly check?: string;
  readonly schedule?: string;
  readonly calllist?: string;
  readonly dependency?: string;
  /** mod-relative path → content (executable unless the name ends in .ini), or content with a file mode. */
  readonly modules?: Readonly<Record<string, string | { readonly text: string; readonly mode: number }>>;
  /** etc/t/help-relative path → content. */
  readonly help?: Readonly<Record<string, string>>;
}

export const BASE_INSTANCE = `[instance t]
configdir = etc/t
statedir = var/t/state
historydir = var/t/history
`;

export const BASE_SCHEDULE = `[schedule often]
rule = every 5 minutes
`;

export const BASE_HOST = `[class web]
hosts = web1 web2
check schedule = often

[group ping]
hosts = web1 web2
`;

export const BASE_CHECK = `[check ping]
module = ping
`;

export const STUB = '#!/bin/sh\nexit 0\n';

export const BASE_MODULES: Readonly<Record<string, string>> = {
  'check/ping': STUB,
  'check/disk': STUB,
  'fix/restart': STUB,
  'transport/ssh': STUB,
};

/** Writes the files (base ones where not given) and returns the prefix. */
export async function writeConfig(files: ConfigFiles = {}, prefix?: string): Promise<string> {
  const root = prefix ?? (await makeTempDir('survivor-config-'));
  const write = async (path: string, text: string, mode = 0o644): Promise<void> => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    await chmod(path, mode);
  };
  await write(join(root, 'etc/instance.cf'), files.instance ?? BASE_INSTANCE);
  await write(join(root, 'etc/t/host.cf'), files.host ?? BASE_HOST);
  await write(join(root, 'etc/t/check.cf'), files.check ?? BASE_CHECK);
  await write(join(root, 'etc/t/schedule.cf'), files.schedule ?? BASE_SCHEDULE);
  if (files.calllist !== undefined) await write(join(root, 'etc/t/calllist.cf'), files.calllist);
  if (files.dependency !== undefined) await write(join(root, 'etc/t/dependency.cf'), files.dependency);
  for (const [path, content] of Object.entries(files.modules ?? BASE_MODULES)) {
    if (typeof content === 'string') await write(join(root, 'mod', path), content, path.endsWith('.ini') ? 0o644 : 0o755);
    else await write(join(root, 'mod', path), content.text, content.mode);
  }
  for (const [path, text] of Object.entries(files.help ?? {})) await write(join(root, 'etc/t/help', path), text);
  return root;
}
