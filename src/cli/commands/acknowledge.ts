import { acknowledgeDecision } from '../../actions/operator-decisions.js';
import type { Command, CommandContext } from '../command-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { ctime } from '../format-status.js';
import { recordedComment, runPairAction } from '../pair-action.js';
import { parseDuration } from '../parse-duration.js';
import { checkSubOptions, subValue } from '../sub-options.js';

/**
 * `sc [-c comment] [-o expire=2h] acknowledge targets`: no more notifications
 * for the current problem (reference 1.4, 5.12). Refused when the pair is
 * OK, already acknowledged or inhibited (1.0). Before any alert a stub
 * alertstatus is written so the acknowledgement survives the next alert pass.
 * `expire` (new in Survivor) ends the acknowledgement after the duration.
 */
export const acknowledge: Command = async (ctx) => {
  checkSubOptions(ctx, 'acknowledge', ['expire']);
  const expireMs = expiry(ctx);
  const comment = recordedComment(ctx);
  return runPairAction(ctx, { command: 'acknowledge', decide: acknowledgeDecision(ctx.config, { who: ctx.who, comment }, expireMs, ctime) });
};

function expiry(ctx: CommandContext): number | undefined {
  const text = subValue(ctx, 'acknowledge', 'expire');
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new CliError(`sc: acknowledge: -o expire= takes a duration such as 30m, 2h, 1d or 1h30m, got "${text}"`, EXIT.USAGE);
  return ms;
}
