import { resolve, sep } from 'node:path';
import type { ArchiveDestination } from '../../history/archive-destination.js';
import type { FileOutcome, WithLock } from '../../history/archive-pair-history.js';
import { archivePairHistory, listHistoryPairs } from '../../history/archive-pair-history.js';
import { PairLock } from '../../state/pair-lock.js';
import type { Command, CommandContext } from '../command-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { timeWindow } from '../history-query.js';
import { resolvePairs } from '../resolve-pairs.js';
import { checkSubOptions, subValue } from '../sub-options.js';

const NAME = 'archivehistory';

interface Job {
  readonly service: string;
  readonly host: string;
  /** No longer configured: no state dir, nothing appends; emptied files and dirs are removed. */
  readonly stale: boolean;
}

/**
 * `sc [-f from] [-u until] -o stale|all,directory=<d>|file=<f> archivehistory`
 * and `sc … -o directory=<d>|file=<f> archivehistory targets` (reference 1.4,
 * 4.6): moves history records inside the window out of the live files, one
 * file at a time under the pair lock, so a running `ss` only waits and never
 * loses an append. Refused (exit 4) unless the instance has `allow archive`.
 * Prints OK/FAILED per history file; exit 1 when any file failed.
 */
export const archivehistory: Command = async (ctx) => {
  checkSubOptions(ctx, NAME, ['stale', 'all', 'directory', 'file']);
  if (!ctx.config.instance.allowArchive) {
    throw new CliError(`sc: ${NAME}: instance ${ctx.config.instance.name} does not allow archiving (set "allow archive = yes" in instance.cf)`, EXIT.PERMISSION);
  }
  const destination = destinationOf(ctx);
  const stale = ctx.options.sub.has('stale');
  const all = ctx.options.sub.has('all');
  const pairArgs = ctx.options.args.length > 0;
  if ([stale, all, pairArgs].filter(Boolean).length !== 1) {
    throw new CliError(`sc: ${NAME}: give exactly one of -o stale, -o all or service / host / service@host targets`, EXIT.USAGE);
  }
  // -o stale moves everything of unconfigured pairs: the window does not apply (1.0).
  const window = stale ? {} : timeWindow(ctx.options.from, ctx.options.until);
  const { jobs, errors } = await jobsFor(ctx, stale ? 'stale' : all ? 'all' : 'pairs');
  // Bad targets change nothing: report them all and archive none.
  for (const e of errors) ctx.err(`sc: ${e}`);
  if (errors.length > 0) return EXIT.FAILED;

  const staleLocks = new PairLock();
  const staleLock: WithLock = (service, host, fn) => staleLocks.withLock(ctx.store.history.paths.staleLock(service, host), { service, host }, fn);
  const pairLock: WithLock = (service, host, fn) => ctx.store.withPairLock(service, host, fn);
  const rows: Record<string, unknown>[] = [];
  let failed = false;
  let archived = 0;
  let files = 0;
  for (const job of jobs) {
    const outcomes = await archivePairHistory(
      { paths: ctx.store.history.paths, destination, ...window, stale: job.stale, withLock: job.stale ? staleLock : pairLock },
      job.service,
      job.host,
    );
    for (const o of outcomes) {
      if (o.error !== undefined) failed = true;
      else if (o.count.before === 0) continue;
      else {
        archived += o.count.archived;
        files++;
      }
      rows.push(row(job, o));
      if (!ctx.options.json) report(ctx, job, o);
    }
  }
  if (ctx.options.json) ctx.out(JSON.stringify(rows, null, 1));
  else ctx.out(`${archived} record${archived === 1 ? '' : 's'} archived from ${files} file${files === 1 ? '' : 's'}`);
  return failed ? EXIT.FAILED : EXIT.OK;
};

function destinationOf(ctx: CommandContext): ArchiveDestination {
  const directory = subValue(ctx, NAME, 'directory');
  const file = subValue(ctx, NAME, 'file');
  if ((directory === undefined) === (file === undefined)) {
    throw new CliError(`sc: ${NAME}: give exactly one destination: -o directory=<dir> or -o file=<file>`, EXIT.USAGE);
  }
  const path = resolve(directory ?? (file as string));
  const history = resolve(ctx.config.instance.historyDir);
  if (path === history || path.startsWith(history + sep)) {
    throw new CliError(`sc: ${NAME}: the destination ${path} lies inside the history directory ${history}`, EXIT.USAGE);
  }
  return directory !== undefined ? { directory: path } : { file: path };
}

async function jobsFor(ctx: CommandContext, form: 'stale' | 'all' | 'pairs'): Promise<{ jobs: Job[]; errors: readonly string[] }> {
  if (form === 'pairs') {
    const { pairs, errors } = resolvePairs(ctx.config, ctx.options.args);
    return { jobs: pairs.map((p) => ({ service: p.service, host: p.host, stale: false })), errors };
  }
  const configured = new Set(ctx.config.pairs.map((p) => `${p.service}@${p.host}`));
  const onDisk = await listHistoryPairs(ctx.store.history.paths);
  const stale = onDisk.filter((p) => !configured.has(`${p.service}@${p.host}`)).map((p) => ({ ...p, stale: true }));
  if (form === 'stale') return { jobs: stale, errors: [] };
  return { jobs: [...ctx.config.pairs.map((p) => ({ service: p.service, host: p.host, stale: false })), ...stale], errors: [] };
}

function report(ctx: CommandContext, job: Job, o: FileOutcome): void {
  const where = `${o.kind} ${job.service}@${job.host}${job.stale ? ' (stale)' : ''}`;
  if (o.error !== undefined) {
    ctx.err(`FAILED ${where}: ${o.error.message}`);
    return;
  }
  const { archived, kept, removed } = o.count;
  ctx.out(`OK     ${where}: ${archived} archived, ${kept} kept${removed ? ', file removed' : ''}`);
}

function row(job: Job, o: FileOutcome): Record<string, unknown> {
  const base = { service: job.service, host: job.host, file: o.kind, stale: job.stale };
  if (o.error !== undefined) return { ...base, ok: false, error: o.error.message };
  return { ...base, ok: true, ...o.count };
}
