import { CliError, EXIT } from '../exit-codes.js';
import type { Command } from '../command-context.js';
import { resolvePairs } from '../resolve-pairs.js';

/** `sc reschedule targets`: due at the scheduler's next opportunity (checkstatus time 0, rc kept). */
export const reschedule: Command = async (ctx) => {
  if (ctx.options.args.length === 0) throw new CliError('sc: reschedule: name at least one service, host or service@host', EXIT.USAGE);
  const { pairs, errors } = resolvePairs(ctx.config, ctx.options.args);
  for (const e of errors) ctx.err(`sc: ${e}`);
  let failed = errors.length > 0;
  for (const p of pairs) {
    try {
      await ctx.store.reschedule(p.service, p.host, { who: ctx.who, comment: ctx.options.comment ?? '(no reason given)' });
      ctx.out(`${p.service}@${p.host}: reschedule requested`);
    } catch (err) {
      failed = true;
      ctx.err(`sc: ${p.service}@${p.host}: ${(err as Error).message}`);
    }
  }
  return failed ? EXIT.FAILED : EXIT.OK;
};
