import yargs from 'yargs';
import type { LogMethod } from '../log/logger.js';

/** The command line of `ss` (1.0's flags, reference 1.3, with long names). */
export interface SsOptions {
  readonly foreground: boolean;
  readonly instance?: string;
  readonly instanceFile?: string;
  readonly moduleDir?: string;
  readonly pidfile?: string;
  readonly checkWorkers?: number;
  readonly alertWorkers?: number;
  readonly smart: boolean;
  readonly keepalive: boolean;
  readonly version: boolean;
  readonly debug?: number;
  readonly log: LogMethod;
}

export interface ParsedSs {
  readonly options?: SsOptions;
  /** Set when parsing ended the program (help shown, or a usage error): print it and exit with `exitCode`. */
  readonly output?: string;
  readonly exitCode: number;
}

function positive(name: string) {
  return (v: unknown): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`Expected \`${name}\` to be a positive integer, got \`${JSON.stringify(v)}\``);
    return n;
  };
}

/** Parses argv (without node and script). Never exits the process. */
export async function parseSsOptions(argv: readonly string[]): Promise<ParsedSs> {
  let output = '';
  let failed: string | undefined;
  const parser = yargs()
    .version(false)
    .scriptName('ss')
    .usage('$0 [-DkSV] [-d level] [-i instance] [-I instance.cf] [-L std|syslog|none] [-m moddir] [-p pidfile] [-t n] [-T n]\n\nSurvivor scheduler: runs the checks of one instance and keeps its state under var/.')
    .option('D', { alias: 'foreground', type: 'boolean', default: false, describe: 'stay in the foreground (do not daemonize)' })
    .option('i', { alias: 'instance', type: 'string', describe: 'instance to run (default: the only one defined)' })
    .option('I', { alias: 'instance-file', type: 'string', describe: 'instance.cf (default: <prefix>/etc/instance.cf)' })
    .option('m', { alias: 'module-dir', type: 'string', describe: 'module directory (default: <prefix>/mod)' })
    .option('p', { alias: 'pidfile', type: 'string', describe: 'pidfile (default: the instance\'s pidfile)' })
    .option('t', { alias: 'check-workers', type: 'string', describe: 'concurrent check jobs (default: instance.cf, 15)', coerce: positive('check-workers') })
    .option('T', { alias: 'alert-workers', type: 'string', describe: 'concurrent alert jobs (default: instance.cf, 5)', coerce: positive('alert-workers') })
    .option('S', { alias: 'no-smart', type: 'boolean', default: false, describe: 'turn off smart scheduling (staggering and the retry after empty output)' })
    .option('k', { alias: 'keepalive', type: 'boolean', default: false, describe: 'restart the scheduler if it dies (at most once a minute)' })
    .option('V', { alias: 'version', type: 'boolean', default: false, describe: 'print the version and exit' })
    .option('d', { alias: 'debug', type: 'string', describe: 'debug level (any value > 0 logs at debug level)', coerce: (v: unknown) => (v === undefined ? undefined : Number(v)) })
    .option('s', { alias: 'timestamps', type: 'boolean', default: false, describe: 'accepted for 1.0 compatibility; log lines always carry a time' })
    .option('L', { alias: 'log', choices: ['std', 'syslog', 'none'] as const, default: 'std' as const, describe: 'where logs go' })
    .help('h')
    .alias('h', 'help')
    .strict()
    .parserConfiguration({ 'boolean-negation': false })
    .exitProcess(false)
    .fail((msg, err) => {
      failed = msg ?? err?.message ?? 'bad arguments';
    });
  const args = await parser.parseAsync([...argv], {}, (_err, _argv, out) => {
    output = out;
  });
  if (failed !== undefined) return { output: `ss: ${failed}\nTry 'ss --help'.`, exitCode: 2 };
  if (args.h === true || (output !== '' && output.includes('Options:'))) return { output, exitCode: 0 };
  if (args._.length > 0) return { output: `ss: unexpected argument ${String(args._[0])}\nTry 'ss --help'.`, exitCode: 2 };
  return {
    exitCode: 0,
    options: {
      foreground: args.D,
      ...(args.i !== undefined ? { instance: args.i } : {}),
      ...(args.I !== undefined ? { instanceFile: args.I } : {}),
      ...(args.m !== undefined ? { moduleDir: args.m } : {}),
      ...(args.p !== undefined ? { pidfile: args.p } : {}),
      ...(args.t !== undefined ? { checkWorkers: args.t } : {}),
      ...(args.T !== undefined ? { alertWorkers: args.T } : {}),
      smart: !args.S,
      keepalive: args.k,
      version: args.V,
      ...(args.d !== undefined && !Number.isNaN(args.d) ? { debug: args.d } : {}),
      log: args.L,
    },
  };
}
