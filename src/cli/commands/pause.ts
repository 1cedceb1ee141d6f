import { pauseDecision } from '../../actions/disable-decisions.js';
import type { Command, CommandContext } from '../command-context.js';
import { runDisableAction } from '../disable-action.js';
import { CliError, EXIT } from '../exit-codes.js';
import { ctime } from '../format-status.js';
import { recordedComment } from '../pair-action.js';
import { parseDuration } from '../parse-duration.js';
import { parseTime } from '../parse-time.js';

/**
 * `sc [-c comment] [-u until] pause targets`: no checks and no alerts, state
 * kept, until `-u` (a time, or a duration from now such as 2h) passes — then
 * the pairs resume by themselves — or `sc enable`. Pausing a paused pair
 * replaces its pause; a disabled pair is refused (enable it first).
 */
export const pause: Command = async (ctx) => {
  const until = untilOption(ctx);
  const comment = recordedComment(ctx);
  return runDisableAction(ctx, { command: 'pause', takesUntil: true, decide: pauseDecision({ who: ctx.who, comment }, until, ctime) });
};

/** The end of the pause in epoch ms, undefined without -u; a bad or past time is a usage error (exit 2). */
function untilOption(ctx: CommandContext): number | undefined {
  const text = ctx.options.until;
  if (text === undefined) return undefined;
  const now = ctx.now();
  const duration = parseDuration(text);
  const at = parseTime(text) ?? (duration !== undefined ? now + duration : undefined);
  if (at === undefined) throw new CliError(`sc: pause: -u takes [HHMM]MMDDYYYY, ISO 8601 or a duration such as 2h, got "${text}"`, EXIT.USAGE);
  if (at <= now) throw new CliError(`sc: pause: -u ${text} is not in the future`, EXIT.USAGE);
  return at;
}
