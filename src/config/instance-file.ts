/**
 * instance.cf: one `[instance NAME]` section per instance (reference 2.1 plus
 * the daemon, SMTP and web settings of SPEC §3). Relative paths resolve
 * against the prefix; directories are created by the daemon, not required here.
 */
import { isAbsolute, resolve } from 'node:path';
import type { ConfigProblem } from './config-error.js';
import type { InstanceConfig, SmtpSettings } from './config-model.js';
import type { IniDocument } from './ini-reader.js';
import { SectionReader, knownSections } from './section-reader.js';

export const INSTANCE_KEYS = [
  'configdir', 'statedir', 'historydir', 'tmpdir', 'helpdir',
  'allow archive', 'allow root', 'require comment',
  'check workers', 'alert workers', 'poll interval', 'smart scheduling',
  'pidfile', 'log level', 'executors', 'executor program', 'state fsync', 'lock directory',
  'smtp host', 'smtp port', 'smtp tls', 'smtp user', 'smtp password', 'smtp from',
  'web listen', 'web certificate', 'web key', 'web users file', 'web token lifetime',
] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
const SMTP_TLS = ['none', 'starttls', 'tls'] as const;
const EXECUTOR_PROGRAMS = ['auto', 'native', 'node'] as const;
const HOUR_MS = 3_600_000;

export interface InstanceFileContext {
  /** Install prefix (absolute): the directory that holds etc/ and sbin/. */
  readonly prefix: string;
  /** This machine's name, for the default sender address. */
  readonly hostName: string;
}

/**
 * Parses every instance of instance.cf, reporting every problem. Instances
 * with problems are still returned, except those without a usable configdir.
 */
export function parseInstanceFile(doc: IniDocument, context: InstanceFileContext, problems: ConfigProblem[]): Map<string, InstanceConfig> {
  const out = new Map<string, InstanceConfig>();
  for (const section of knownSections(doc, { instance: true }, problems)) {
    const name = section.name ?? '';
    const r = new SectionReader(doc.file, section, { keys: INSTANCE_KEYS }, problems);
    const path = (key: string, fallback?: string): string => {
      const value = r.string(key) ?? fallback ?? '';
      return isAbsolute(value) ? value : resolve(context.prefix, value);
    };
    const requiredPath = (key: string): string | undefined => {
      const value = r.required(key);
      return value === undefined || isAbsolute(value) ? value : resolve(context.prefix, value);
    };
    const configDirGiven = requiredPath('configdir');
    const configDir = configDirGiven ?? '';
    const stateDir = requiredPath('statedir') ?? '';
    const historyDir = requiredPath('historydir') ?? '';
    const smtp = readSmtp(r, context.hostName);
    const listen = r.string('web listen');
    if (listen !== undefined && !isListenAddress(listen)) {
      r.report(r.entry('web listen'), 'not a listen address', { expected: 'host:port, e.g. 127.0.0.1:8080 or [::1]:8080', found: JSON.stringify(listen) });
    }
    if (r.has('web certificate') !== r.has('web key')) {
      r.report(undefined, 'web certificate and web key go together', { key: r.has('web key') ? 'web key' : 'web certificate', expected: 'both or neither' });
    }
    const instance: InstanceConfig = {
      name,
      configDir,
      stateDir,
      historyDir,
      tmpDir: path('tmpdir', `var/${name}/tmp`),
      helpDir: r.has('helpdir') ? path('helpdir') : resolve(configDir, 'help'),
      allowArchive: r.boolean('allow archive') ?? false,
      allowRoot: r.boolean('allow root') ?? false,
      requireComment: r.boolean('require comment') ?? false,
      checkWorkers: r.integer('check workers', 1, 1000) ?? 15,
      alertWorkers: r.integer('alert workers', 1, 1000) ?? 5,
      pollIntervalMs: r.interval('poll interval') ?? 60_000,
      smartScheduling: r.boolean('smart scheduling') ?? true,
      pidFile: path('pidfile', `var/${name}/ss.pid`),
      logLevel: r.oneOf('log level', LOG_LEVELS) ?? 'info',
      executors: r.integer('executors', 1, 64) ?? 2,
      executorProgram: r.oneOf('executor program', EXECUTOR_PROGRAMS) ?? 'auto',
      stateFsync: r.boolean('state fsync') ?? true,
      ...(r.has('lock directory') ? { lockDir: path('lock directory') } : {}),
      smtp,
      web: {
        ...(listen !== undefined ? { listen } : {}),
        ...(r.has('web certificate') ? { certificate: path('web certificate') } : {}),
        ...(r.has('web key') ? { key: path('web key') } : {}),
        usersFile: path('web users file', 'etc/users.cf'),
        tokenLifetimeMs: r.interval('web token lifetime') ?? 12 * HOUR_MS,
      },
      source: { file: doc.file, line: section.line },
    };
    // A flawed instance is still returned (its problems are reported) so the loader can go on to
    // find the problems of its other files; without a configdir there are no other files.
    if (configDirGiven !== undefined) out.set(name, instance);
  }
  return out;
}

function readSmtp(r: SectionReader, hostName: string): SmtpSettings {
  const user = r.string('smtp user');
  const password = r.string('smtp password', { allowEmpty: true });
  if (password !== undefined && user === undefined) r.report(r.entry('smtp password'), 'smtp password without smtp user', { expected: 'smtp user as well' });
  const from = r.string('smtp from') ?? `survivor@${hostName}`;
  if (!/^[^\s@]+@[^\s@]+$/.test(from)) r.report(r.entry('smtp from'), 'not a mail address', { expected: 'user@domain', found: JSON.stringify(from) });
  return {
    host: r.string('smtp host') ?? '127.0.0.1',
    port: r.integer('smtp port', 1, 65535) ?? 25,
    tls: r.oneOf('smtp tls', SMTP_TLS) ?? 'starttls',
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    from,
  };
}

/** host:port with a port 1–65535; IPv6 hosts in brackets. */
function isListenAddress(text: string): boolean {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):([0-9]{1,5})$/.exec(text);
  const port = Number(m?.[2]);
  return m !== null && port >= 1 && port <= 65535;
}
