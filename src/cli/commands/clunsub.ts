import { callListTarget } from '../call-list-target.js';
import type { Command } from '../command-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { ctime } from '../format-status.js';
import { timeWindow } from '../history-query.js';
import { checkSubOptions } from '../sub-options.js';

/** `sc -f from -u until clunsub calllist`: removes the substitutions lying wholly inside [from, until) (reference 1.4). */
export const clunsub: Command = async (ctx) => {
  checkSubOptions(ctx, 'clunsub', []);
  const target = callListTarget(ctx, 'clunsub', true);
  const { from, until } = timeWindow(ctx.options.from, ctx.options.until);
  if (from === undefined || until === undefined) throw new CliError('sc: clunsub: give the window to clear with both -f and -u', EXIT.USAGE);
  if (until <= from) throw new CliError(`sc: clunsub: -u (${ctime(until)}) must be after -f (${ctime(from)})`, EXIT.USAGE);
  let removed = 0;
  await ctx.alerts.updateCallList(target.stateName, (files) => {
    const kept = files.substitutions.filter((s) => !(s.from >= from && s.until < until));
    removed = files.substitutions.length - kept.length;
    return removed > 0 ? { substitutions: kept } : {};
  });
  ctx.out(`${target.name}: ${removed} substitution${removed === 1 ? '' : 's'} removed`);
  return EXIT.OK;
};
