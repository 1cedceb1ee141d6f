import { rcText } from '../../domain/return-code.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Command } from '../command-context.js';
import { ctime } from '../format-status.js';
import { parseTime } from '../parse-time.js';
import { resolvePairs } from '../resolve-pairs.js';

function window(from: string | undefined, until: string | undefined): { from?: number; until?: number } {
  const out: { from?: number; until?: number } = {};
  if (from !== undefined) {
    const t = parseTime(from);
    if (t === undefined) throw new CliError(`sc: -f: expected [HHMM]MMDDYYYY or ISO 8601, got "${from}"`, EXIT.USAGE);
    out.from = t;
  }
  if (until !== undefined) {
    const t = parseTime(until);
    if (t === undefined) throw new CliError(`sc: -u: expected [HHMM]MMDDYYYY or ISO 8601, got "${until}"`, EXIT.USAGE);
    out.until = t;
  }
  return out;
}

/** `sc [-f from] [-u until] [-o reverse,limit=N] checkhistory targets`. */
export const checkhistory: Command = async (ctx) => {
  if (ctx.options.args.length === 0) throw new CliError('sc: checkhistory: name at least one service, host or service@host', EXIT.USAGE);
  const range = window(ctx.options.from, ctx.options.until);
  const reverse = ctx.options.sub.has('reverse');
  const limitText = ctx.options.sub.get('limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new CliError(`sc: -o limit= takes a positive integer, got "${limitText}"`, EXIT.USAGE);
  const { pairs, errors } = resolvePairs(ctx.config, ctx.options.args);
  for (const e of errors) ctx.err(`sc: ${e}`);
  const all: unknown[] = [];
  for (const p of pairs) {
    const query = { ...range, reverse, ...(limit !== undefined ? { limit } : {}) };
    if (!ctx.options.json) ctx.out(`[${p.service}@${p.host}]`);
    for await (const r of ctx.store.history.readCheck(p.service, p.host, query)) {
      if (ctx.options.json) all.push({ service: p.service, host: p.host, ...r });
      else ctx.out(` ${ctime(r.time)} ${rcText(r.rc)} scalar=${r.scalar}${r.duration >= 0 ? ` ${r.duration}ms` : ''}: ${r.comment}`);
    }
  }
  if (ctx.options.json) ctx.out(JSON.stringify(all, null, 1));
  return errors.length > 0 ? EXIT.FAILED : EXIT.OK;
};
