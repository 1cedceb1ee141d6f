import { parseArgs } from 'node:util';

/** sc's global options as parsed here (the fields ScOptions is built from). */
export interface FastArgv {
  readonly word: string;
  readonly targets: readonly string[];
  readonly comment?: string;
  readonly from?: string;
  readonly until?: string;
  readonly instance?: string;
  readonly instanceFile?: string;
  readonly moduleDir?: string;
  readonly sub: readonly string[];
  readonly json: boolean;
}

const OPTIONS = {
  comment: { type: 'string', short: 'c', multiple: true },
  from: { type: 'string', short: 'f', multiple: true },
  until: { type: 'string', short: 'u', multiple: true },
  instance: { type: 'string', short: 'i', multiple: true },
  'instance-file': { type: 'string', short: 'I', multiple: true },
  'module-dir': { type: 'string', short: 'm', multiple: true },
  options: { type: 'string', short: 'o', multiple: true },
  debug: { type: 'string', short: 'd', multiple: true },
  s: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/**
 * The common, well-formed sc command line parsed with node:util's parseArgs,
 * so that a script calling sc does not pay for loading yargs (~100 ms of a
 * ~250 ms `sc checkhistory`). Returns undefined for anything out of the
 * ordinary — help, no command, an unknown or repeated option, an ambiguous
 * value — which yargs then parses, with its messages. Pure.
 */
export function parseFastArgv(argv: readonly string[]): FastArgv | undefined {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch {
    return undefined;
  }
  const v = parsed.values;
  const [word, ...targets] = parsed.positionals;
  if (word === undefined) return undefined;
  const one = (list: readonly string[] | undefined): string | undefined | false => (list === undefined ? undefined : list.length === 1 ? list[0] : false);
  const comment = one(v.comment);
  const from = one(v.from);
  const until = one(v.until);
  const instance = one(v.instance);
  const instanceFile = one(v['instance-file']);
  const moduleDir = one(v['module-dir']);
  if ([comment, from, until, instance, instanceFile, moduleDir].includes(false)) return undefined;
  return {
    word,
    targets,
    ...(typeof comment === 'string' ? { comment } : {}),
    ...(typeof from === 'string' ? { from } : {}),
    ...(typeof until === 'string' ? { until } : {}),
    ...(typeof instance === 'string' ? { instance } : {}),
    ...(typeof instanceFile === 'string' ? { instanceFile } : {}),
    ...(typeof moduleDir === 'string' ? { moduleDir } : {}),
    sub: v.options ?? [],
    json: v.json === true,
  };
}
