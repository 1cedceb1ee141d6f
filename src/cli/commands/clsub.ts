import { callListTarget, memberOption } from '../call-list-target.js';
import type { Command } from '../command-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { ctime } from '../format-status.js';
import { timeWindow } from '../history-query.js';
import { checkSubOptions } from '../sub-options.js';

/**
 * `sc -f from -u until -o replace=a,with=b clsub calllist`: b stands in for a
 * from `from` until `until` (exclusive, like every -u), but only while a
 * would be notified (reference 1.4). Both must be members. Stored with
 * `until` as the last millisecond covered (the substitutions file's bounds are
 * inclusive, as in 1.0's code).
 */
export const clsub: Command = async (ctx) => {
  checkSubOptions(ctx, 'clsub', ['replace', 'with']);
  const target = callListTarget(ctx, 'clsub', true);
  const replace = memberOption(ctx, 'clsub', target, 'replace');
  const standIn = memberOption(ctx, 'clsub', target, 'with');
  if (replace === undefined || standIn === undefined) throw new CliError('sc: clsub: give -o replace=<person>,with=<person>', EXIT.USAGE);
  if (replace === standIn) throw new CliError(`sc: clsub: ${replace} cannot stand in for themself`, EXIT.USAGE);
  const { from, until } = timeWindow(ctx.options.from, ctx.options.until);
  if (from === undefined || until === undefined) throw new CliError('sc: clsub: give the time of the substitution with both -f and -u', EXIT.USAGE);
  if (until <= from) throw new CliError(`sc: clsub: -u (${ctime(until)}) must be after -f (${ctime(from)})`, EXIT.USAGE);
  await ctx.alerts.updateCallList(target.stateName, (files) => ({
    substitutions: [...files.substitutions, { from, until: until - 1, replace, with: standIn }],
  }));
  ctx.out(`${target.name}: ${standIn} stands in for ${replace} from ${ctime(from)} until ${ctime(until)}`);
  return EXIT.OK;
};
