import { isValidRc } from '../../domain/return-code.js';
import { TRIP_DEFAULTS } from '../../state/state-store.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Command } from '../command-context.js';
import { resolvePairs } from '../resolve-pairs.js';

/** `sc [-o rc=N] [-c comment] trip service@host`: records a result as if the check returned it. */
export const trip: Command = async (ctx) => {
  if (ctx.options.args.length === 0) throw new CliError('sc: trip: name at least one service@host', EXIT.USAGE);
  const rcText = ctx.options.sub.get('rc');
  const rc = rcText === undefined ? TRIP_DEFAULTS.rc : Number(rcText);
  if (rcText !== undefined && (!/^\d+$/.test(rcText) || !isValidRc(rc))) {
    throw new CliError(`sc: trip: -o rc= takes a return code 0-7 or 20-1000, got "${rcText}"`, EXIT.USAGE);
  }
  if (ctx.config.instance.requireComment && ctx.options.comment === undefined) throw new CliError('sc: trip: this instance requires a comment (-c)', EXIT.USAGE);
  const { pairs, errors } = resolvePairs(ctx.config, ctx.options.args, true);
  for (const e of errors) ctx.err(`sc: ${e}`);
  let failed = errors.length > 0;
  for (const p of pairs) {
    try {
      const st = await ctx.store.trip(p.service, p.host, rc, ctx.options.comment ?? TRIP_DEFAULTS.comment, ctx.who);
      ctx.out(`${p.service}@${p.host}: tripped to rc ${st.rc}`);
    } catch (err) {
      failed = true;
      ctx.err(`sc: ${p.service}@${p.host}: ${(err as Error).message}`);
    }
  }
  return failed ? EXIT.FAILED : EXIT.OK;
};
