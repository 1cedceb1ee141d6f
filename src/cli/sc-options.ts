import { parseFastArgv } from './fast-argv.js';
import { COMMANDS } from './command-table.js';

/** sc's global options (1.0's, reference 1.4) and the command with its arguments. */
export interface ScOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly comment?: string;
  readonly from?: string;
  readonly until?: string;
  readonly instance?: string;
  readonly instanceFile?: string;
  readonly moduleDir?: string;
  /** -o key=value or bare flags, comma separated, repeatable. */
  readonly sub: ReadonlyMap<string, string>;
  readonly json: boolean;
}

export interface ParsedSc {
  readonly options?: ScOptions;
  readonly output?: string;
  readonly exitCode: number;
}

const DESCRIBE: Record<string, string> = {
  status: 'show the status of pairs (all, or service / host / service@host); -o match=error|addressed|escalated|stalled',
  check: 'run checks now and print the results (no state or history change)',
  checkcf: 'load the configuration and report every error as file:line',
  reschedule: 'make pairs due at the scheduler\'s next opportunity',
  trip: 'record a result as if the check returned it (-o rc=N, -c comment)',
  checkhistory: 'print check history (-f/-u window, -o reverse, -o limit=N)',
  acknowledge: 'silence alerts for the current problem of pairs (-c why, -o expire=2h)',
  unacknowledge: 'remove acknowledgements and reschedule the checks',
  inhibit: 'silence all alerts for pairs until uninhibited (-c why)',
  uninhibit: 'remove inhibitions and reschedule the checks',
  escalate: 'make the next alert of service@host use the next try of its alert plan',
  fix: 'run the fix of service@host now (takes the fix lock)',
  alerthistory: 'print alert history (-f/-u window, -o reverse, -o limit=N)',
  fixhistory: 'print fix history (-f/-u window, -o reverse, -o limit=N)',
  commandhistory: 'print the operator actions on pairs (-f/-u window, -o reverse, -o limit=N)',
  clstat: 'show the state of a call list: last notified, on call, substitutions',
  clcal: 'show who is on call when (-f/-u, -o person=p)',
  clsub: 'add a substitution: -o replace=a,with=b -f from -u until',
  clunsub: 'remove the substitutions inside -f/-u',
  clprune: 'remove the substitutions that have ended',
  clset: 'declare who is on call (rotating) or notified last (simple): -o person=p',
  report: 'run report module -o module=m over -o type=check|alert|command|fix history of services × hosts (-o style=text|html|check, -f/-u, -o reverse)',
  archivehistory: 'move history out of the live files: -o stale | -o all | targets, with -o directory=d or -o file=f, -f/-u window (needs allow archive)',
  disable: 'stop checking and alerting pairs until enabled (-c why); state is kept',
  enable: 'end a disable or pause and reschedule the checks',
  pause: 'stop checking and alerting pairs until -u time (or a duration such as 2h), or until enabled',
  monitor: 'live table of pairs, refreshed as their state changes (q or Ctrl-C quits); -o match=…',
};

/** Every accepted spelling of each command: prefixes of at least `min` characters, first match wins. */
function aliases(): Map<string, string[]> {
  const taken = new Set(COMMANDS.map((c) => c.name));
  const out = new Map<string, string[]>();
  for (const c of COMMANDS) {
    const list: string[] = [];
    for (let n = c.min; n < c.name.length; n++) {
      const p = c.name.slice(0, n);
      if (!taken.has(p)) {
        taken.add(p);
        list.push(p);
      }
    }
    out.set(c.name, list);
  }
  return out;
}

export function parseSub(values: readonly string[]): Map<string, string> {
  const sub = new Map<string, string>();
  for (const v of values) {
    for (const part of v.split(',')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      if (eq < 0) sub.set(part, '');
      else sub.set(part.slice(0, eq), part.slice(eq + 1));
    }
  }
  return sub;
}

/** The command a word names (its full name or one of its accepted prefixes), or undefined. */
function commandOfWord(word: string): string | undefined {
  for (const [name, words] of aliases()) if (name === word || words.includes(word)) return name;
  return undefined;
}

/** Parses sc's argv; never exits the process. */
export async function parseScOptions(argv: readonly string[]): Promise<ParsedSc> {
  const fast = parseFastArgv(argv);
  const fastCommand = fast === undefined ? undefined : commandOfWord(fast.word);
  if (fast !== undefined && fastCommand !== undefined) {
    const { word: _word, targets, sub, ...rest } = fast;
    return { exitCode: 0, options: { command: fastCommand, args: targets, ...rest, sub: parseSub(sub) } };
  }
  // yargs costs ~100 ms to load: only help, usage errors and unusual spellings need it.
  const { default: yargs } = await import('yargs');
  let output = '';
  let failed: string | undefined;
  const spellings = aliases();
  const byWord = new Map<string, string>();
  let parser = yargs()
    .version(false)
    .scriptName('sc')
    .usage('$0 [-c comment] [-f from] [-u until] [-i instance] [-I instance.cf] [-m moddir] [-o opts] [--json] <command> [args]\n\nSurvivor command interface. Times: [HHMM]MMDDYYYY or ISO 8601. Commands may be abbreviated.');
  for (const c of COMMANDS) {
    const words = spellings.get(c.name) ?? [];
    byWord.set(c.name, c.name);
    for (const w of words) byWord.set(w, c.name);
    parser = parser.command([`${c.name} [targets..]`, ...words], DESCRIBE[c.name] ?? `${c.name} (arrives with a later release)`);
  }
  parser = parser
    .option('c', { alias: 'comment', type: 'string', describe: 'comment recorded with the action' })
    .option('f', { alias: 'from', type: 'string', describe: 'start of a time window' })
    .option('u', { alias: 'until', type: 'string', describe: 'end of a time window (exclusive)' })
    .option('i', { alias: 'instance', type: 'string', describe: 'instance (default: the only one defined)' })
    .option('I', { alias: 'instance-file', type: 'string', describe: 'instance.cf (default: <prefix>/etc/instance.cf)' })
    .option('m', { alias: 'module-dir', type: 'string', describe: 'module directory (default: <prefix>/mod)' })
    .option('o', { alias: 'options', type: 'string', describe: 'command options key=value[,…] (repeatable)' })
    .option('d', { alias: 'debug', type: 'string', describe: 'accepted for 1.0 compatibility' })
    .option('s', { type: 'boolean', describe: 'accepted for 1.0 compatibility' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON instead of text' })
    .help('h')
    .alias('h', 'help')
    .strict()
    .demandCommand(1, 'sc: a command is required')
    .exitProcess(false)
    .fail((msg, err) => {
      failed = msg ?? err?.message ?? 'bad arguments';
    });
  const args = (await parser.parseAsync([...argv], {}, (_e, _a, out) => {
    output = out;
  })) as unknown as {
    _: unknown[];
    targets?: unknown[];
    h?: boolean;
    c?: string;
    f?: string;
    u?: string;
    i?: string;
    I?: string;
    m?: string;
    o?: string | string[];
    json?: boolean;
  };
  if (failed !== undefined) return { output: `sc: ${failed.replace(/^sc: /, '')}\nTry 'sc --help'.`, exitCode: 2 };
  if (args.h === true || output !== '') return { output, exitCode: 0 };
  const word = String(args._[0]);
  const command = byWord.get(word);
  if (command === undefined) return { output: `sc: unknown command ${word}\nTry 'sc --help'.`, exitCode: 2 };
  const targets = (args.targets ?? []).map(String);
  return {
    exitCode: 0,
    options: {
      command,
      args: targets,
      ...(args.c !== undefined ? { comment: args.c } : {}),
      ...(args.f !== undefined ? { from: args.f } : {}),
      ...(args.u !== undefined ? { until: args.u } : {}),
      ...(args.i !== undefined ? { instance: args.i } : {}),
      ...(args.I !== undefined ? { instanceFile: args.I } : {}),
      ...(args.m !== undefined ? { moduleDir: args.m } : {}),
      sub: parseSub(([] as unknown[]).concat(args.o ?? []).map(String)),
      json: args.json === true,
    },
  };
}
