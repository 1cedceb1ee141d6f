import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { isValidName } from '../../domain/names.js';
import type { HistoryQuery } from '../../history/read-history.js';
import type { StateStore } from '../../state/state-store.js';
import type { Command, CommandContext } from '../command-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { timeWindow } from '../history-query.js';
import { runReportModule } from '../run-report-module.js';
import { checkSubOptions, subValue } from '../sub-options.js';

const NAME = 'report';
const TYPES = ['check', 'alert', 'command', 'fix'] as const;
const STYLES = ['text', 'html', 'check'] as const;
type HistoryType = (typeof TYPES)[number];

const READERS: Record<HistoryType, (store: StateStore, service: string, host: string, q: HistoryQuery) => AsyncIterable<object>> = {
  check: (store, s, h, q) => store.history.readCheck(s, h, q),
  alert: (store, s, h, q) => store.history.readAlert(s, h, q),
  command: (store, s, h, q) => store.history.readCommand(s, h, q),
  fix: (store, s, h, q) => store.history.readFix(s, h, q),
};

/** Records per write to the module's stdin. */
const BATCH = 500;

/**
 * `sc -o module=<m>,type=check|alert|command|fix[,style=text|html|check][,reverse]
 * [-f from] [-u until] report services… hosts…` (reference 1.4, 3.9): runs
 * report module <moddir>/report/<m> over the chosen history of every
 * configured service × host pair and prints what it prints. The module reads
 * one JSON document on stdin (docs/modules.md, "Report modules"). Exit 0 when
 * the module exits 0; 1 when it fails (its stderr is shown) or a word names
 * nothing configured; 2 for bad options or a missing module.
 */
export const report: Command = async (ctx) => {
  checkSubOptions(ctx, NAME, ['module', 'type', 'style', 'reverse']);
  if (ctx.options.json) throw new CliError(`sc: ${NAME}: --json does not apply (the module's output is printed); use -o style=check for one line per pair`, EXIT.USAGE);
  const module = subValue(ctx, NAME, 'module');
  if (module === undefined) throw new CliError(`sc: ${NAME}: -o module=<name> is required (availability, flap, responsetime, scalaraverage, summary, …)`, EXIT.USAGE);
  if (!isValidName(module)) throw new CliError(`sc: ${NAME}: -o module= takes a module name, got "${module}"`, EXIT.USAGE);
  const type = oneOf(subValue(ctx, NAME, 'type') ?? 'check', TYPES, 'type');
  const style = oneOf(subValue(ctx, NAME, 'style') ?? 'text', STYLES, 'style');
  const window = timeWindow(ctx.options.from, ctx.options.until);
  const pairs = reportPairs(ctx);
  const path = join(ctx.config.moduleDir, 'report', module);
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new CliError(`sc: ${NAME}: no executable report module ${path}`, EXIT.USAGE);
  }
  const query: HistoryQuery = { ...window, reverse: ctx.options.sub.has('reverse') };
  const header = {
    version: 1,
    instance: ctx.config.instance.name,
    type,
    style,
    from: window.from ?? null,
    until: window.until ?? null,
    now: ctx.now(),
    tmpdir: ctx.config.instance.tmpDir,
  };
  const outcome = await runReportModule({
    path,
    tmpDir: ctx.config.instance.tmpDir,
    instance: ctx.config.instance.name,
    moduleDir: ctx.config.moduleDir,
    feed: async (write) => {
      await write(`${JSON.stringify(header).slice(0, -1)},"records":[`);
      let firstPair = true;
      for (const p of pairs) {
        await write(`${firstPair ? '' : ','}{"service":${JSON.stringify(p.service)},"host":${JSON.stringify(p.host)},"records":[`);
        firstPair = false;
        let batch: string[] = [];
        let first = true;
        for await (const r of READERS[type](ctx.store, p.service, p.host, query)) {
          batch.push(JSON.stringify(r));
          if (batch.length >= BATCH) {
            await write((first ? '' : ',') + batch.join(','));
            first = false;
            batch = [];
          }
        }
        await write((first || batch.length === 0 ? '' : ',') + batch.join(',') + ']}');
      }
      await write(']}\n');
    },
  });
  if (outcome.stdout !== '') ctx.out(outcome.stdout.replace(/\n$/, ''));
  if (outcome.exitCode === 0) return EXIT.OK;
  const why = outcome.startError ?? (outcome.signal !== null ? `killed by ${outcome.signal}` : `exit ${outcome.exitCode}`);
  const said = outcome.stderr.trim().split('\n')[0] ?? '';
  ctx.err(`sc: ${NAME}: module ${module} failed (${why})${said === '' ? '' : `: ${said}`}`);
  return EXIT.FAILED;
};

function oneOf<T extends string>(value: string, allowed: readonly T[], key: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`sc: ${NAME}: -o ${key}= takes ${allowed.join(', ')}, got "${value}"`, EXIT.USAGE);
}

/**
 * The configured pairs of services × hosts (reference 1.4: at least one of
 * each). A word naming a check is a service, else a host; service@host names
 * one pair. Any word naming nothing configured, or no pair at all, is exit 1
 * before the module runs.
 */
function reportPairs(ctx: CommandContext): { service: string; host: string }[] {
  const { config } = ctx;
  const services = new Set<string>();
  const hosts = new Set<string>();
  const explicit = new Set<string>();
  const errors: string[] = [];
  for (const arg of ctx.options.args) {
    if (config.checks.has(arg)) services.add(arg);
    else if (config.pairs.some((p) => p.host === arg)) hosts.add(arg);
    else if (config.pairs.some((p) => `${p.service}@${p.host}` === arg)) explicit.add(arg);
    else errors.push(`sc: ${NAME}: ${arg}: neither a configured check, a monitored host nor a service@host pair`);
  }
  if (errors.length === 0 && explicit.size === 0 && (services.size === 0 || hosts.size === 0)) {
    throw new CliError(`sc: ${NAME}: name at least one service and one host (or service@host pairs)`, EXIT.USAGE);
  }
  const pairs = config.pairs.filter((p) => (services.has(p.service) && hosts.has(p.host)) || explicit.has(`${p.service}@${p.host}`));
  if (errors.length === 0 && pairs.length === 0) errors.push(`sc: ${NAME}: none of these services runs on these hosts`);
  if (errors.length > 0) {
    for (const e of errors.slice(0, -1)) ctx.err(e);
    throw new CliError(errors.at(-1) as string, EXIT.FAILED);
  }
  return pairs.map((p) => ({ service: p.service, host: p.host }));
}
