import { callListTarget } from '../call-list-target.js';
import type { Command } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import { checkSubOptions } from '../sub-options.js';

/** `sc clprune calllist`: removes the substitutions that have ended (reference 1.4). */
export const clprune: Command = async (ctx) => {
  checkSubOptions(ctx, 'clprune', []);
  const target = callListTarget(ctx, 'clprune', true);
  const now = ctx.now();
  let removed = 0;
  await ctx.alerts.updateCallList(target.stateName, (files) => {
    const kept = files.substitutions.filter((s) => s.until >= now);
    removed = files.substitutions.length - kept.length;
    return removed > 0 ? { substitutions: kept } : {};
  });
  ctx.out(`${target.name}: ${removed} ended substitution${removed === 1 ? '' : 's'} removed`);
  return EXIT.OK;
};
