import { CliError, EXIT } from '../exit-codes.js';
import type { Command } from '../command-context.js';
import { formatStatus } from '../format-status.js';
import { pairView, type PairView } from '../pair-view.js';
import { resolvePairs } from '../resolve-pairs.js';

/** Stalled: the approximate next check is more than this far in the past (1.0: 30 minutes). */
export const STALLED_MS = 30 * 60_000;

const MATCHES: Record<string, (v: PairView, now: number) => boolean> = {
  error: (v) => v.rc !== 0 && v.rc !== 7,
  stalled: (v, now) => v.next !== undefined && v.next < now - STALLED_MS,
  // Acknowledgements, inhibitions and escalations arrive with alerting: nothing matches yet.
  addressed: () => false,
  escalated: () => false,
};

/** `sc status [targets]` and `sc -o match=… status`. */
export const status: Command = async (ctx) => {
  const match = ctx.options.sub.get('match');
  if (match !== undefined && MATCHES[match] === undefined) throw new CliError(`sc: status: -o match= takes error, addressed, escalated or stalled, got "${match}"`, EXIT.USAGE);
  if (match !== undefined && ctx.options.args.length > 0) throw new CliError('sc: status: -o match cannot be combined with pair arguments', EXIT.USAGE);
  const { pairs, errors } = ctx.options.args.length > 0 ? resolvePairs(ctx.config, ctx.options.args) : { pairs: ctx.config.pairs, errors: [] };
  for (const e of errors) ctx.err(`sc: ${e}`);
  if (errors.length > 0 && pairs.length === 0) return EXIT.FAILED;
  const statuses = await ctx.store.readAllCheckStatus(pairs);
  const now = ctx.now();
  let views = pairs.map((p, i) => pairView(ctx.config, p, statuses[i], now));
  if (match !== undefined) views = views.filter((v) => MATCHES[match]?.(v, now) === true);
  if (ctx.options.json) ctx.out(JSON.stringify(views, null, 1));
  else if (views.length > 0) ctx.out(views.map((v) => formatStatus(v, process.stdout.isTTY)).join('\n\n'));
  return errors.length > 0 ? EXIT.FAILED : EXIT.OK;
};
