/**
 * `sbin/sw`: the web monitor on its own (docs/api.md). Flags follow ss:
 * -i instance, -I instance.cf, -m module dir, plus --listen host:port and
 * `--passwd NAME --role ROLE` to add or change a login in users.cf (the
 * password is read from stdin). SIGHUP reloads the configuration; SIGTERM
 * and SIGINT stop.
 */
import yargs from 'yargs';
import { ConfigError } from '../config/config-error.js';
import type { Config } from '../config/config-model.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../log/logger.js';
import { StateStore } from '../state/state-store.js';
import { instanceStoreOptions } from '../state/store-options.js';
import { hashPassword } from './password-hash.js';
import { isRole } from './roles.js';
import { setUser } from './users-file.js';
import { startWebServer } from './web-server.js';

export interface SwEntry {
  readonly prefix: string;
  readonly argv: readonly string[];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Runs sw; resolves to an exit code once the server runs (0), or at once on errors (2 usage, 3 configuration, 1 other). */
export async function main(entry: SwEntry): Promise<number> {
  const args = await yargs([...entry.argv])
    .scriptName('sw')
    .usage('sw [-i instance] [-I instance.cf] [--listen host:port]\nsw --passwd NAME --role admin|rw|exec|ro < password')
    .option('instance', { alias: 'i', type: 'string', describe: 'instance name' })
    .option('instance-file', { alias: 'I', type: 'string', describe: 'instance.cf path' })
    .option('module-dir', { alias: 'm', type: 'string', describe: 'module directory' })
    .option('listen', { type: 'string', describe: 'host:port (default: web listen of instance.cf)' })
    .option('passwd', { type: 'string', describe: 'add or change a web login (password on stdin)' })
    .option('role', { type: 'string', describe: 'role for --passwd: admin, rw, exec or ro' })
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parseAsync()
    .catch((err: Error) => err);
  if (args instanceof Error) {
    process.stderr.write(`sw: ${args.message}\n`);
    return 2;
  }
  let config: Config;
  const load = (): Promise<Config> =>
    loadConfig({
      prefix: entry.prefix,
      ...(args.instanceFile !== undefined ? { instanceFile: args.instanceFile } : {}),
      ...(args.instance !== undefined ? { instanceName: args.instance } : {}),
      ...(args.moduleDir !== undefined ? { moduleDir: args.moduleDir } : {}),
    });
  try {
    config = await load();
  } catch (err) {
    process.stderr.write(err instanceof ConfigError ? `sw: configuration errors:\n${err.message}\n` : `sw: ${(err as Error).message}\n`);
    return 3;
  }
  if (args.passwd !== undefined) {
    if (!isRole(args.role) || args.role === 'none') {
      process.stderr.write('sw: --passwd needs --role admin, rw, exec or ro\n');
      return 2;
    }
    const password = await readStdin();
    if (password.length < 8) {
      process.stderr.write('sw: the password (stdin) must have at least 8 characters\n');
      return 2;
    }
    await setUser(config.instance.web.usersFile, args.passwd, await hashPassword(password), args.role);
    process.stdout.write(`sw: ${args.passwd} (${args.role}) written to ${config.instance.web.usersFile}\n`);
    return 0;
  }
  const sink = createLogger({ method: 'std', level: config.instance.logLevel, instance: config.instance.name, name: 'sw' });
  const log = sink.logger;
  const store = new StateStore(instanceStoreOptions(config.instance));
  try {
    const server = await startWebServer({ config: () => config, prefix: entry.prefix, store, log, ...(args.listen !== undefined ? { listen: args.listen } : {}) });
    log.info({ url: `${server.url}/monitor/` }, 'web monitor started');
    process.stdout.write(`sw: instance ${config.instance.name} at ${server.url}/monitor/\n`);
    process.on('SIGHUP', () => {
      load().then(
        (next) => {
          config = next;
          log.info('configuration reloaded');
        },
        (err: unknown) => log.error({ err }, 'configuration not reloaded, keeping the running one'),
      );
    });
    for (const s of ['SIGTERM', 'SIGINT'] as const) {
      process.on(s, () => {
        void server.close().then(() => {
          sink.flush();
          process.exit(0);
        });
      });
    }
    return 0;
  } catch (err) {
    log.fatal({ err }, 'cannot start the web monitor');
    sink.flush();
    return 1;
  }
}
