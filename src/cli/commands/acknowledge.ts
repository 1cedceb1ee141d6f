import { isAcknowledged } from '../../alert/pair-alert-state.js';
import type { Acknowledgement } from '../../alert/pair-alert-state.js';
import { RC } from '../../domain/return-code.js';
import { NOT_YET } from '../../state/check-status.js';
import type { Command, CommandContext } from '../command-context.js';
import { currentProblem } from '../current-problem.js';
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
  return runPairAction(ctx, {
    command: 'acknowledge',
    decide(stored, pair, now) {
      const { state, patch } = currentProblem(ctx.config, pair, stored);
      const status = state.checkstatus ?? NOT_YET;
      if (status.rc === RC.OK) return { refused: 'No outstanding error: the check is OK' };
      if (status.rc === RC.NOTYET) return { refused: 'No outstanding error: the check has not run yet' };
      if (isAcknowledged(state, now)) return { refused: `already acknowledged by ${state.acknowledge?.who ?? 'someone'} at ${ctime(state.acknowledge?.time ?? 0)}` };
      if (state.noalert !== undefined) return { refused: `alerts are inhibited (by ${state.noalert.who}); an acknowledgement would change nothing` };
      const expires = expireMs === undefined ? undefined : now + expireMs;
      const ack: Acknowledgement = { version: 1, who: ctx.who, comment, time: now, ...(expires !== undefined ? { expires } : {}) };
      return { patch: { ...patch, acknowledge: ack }, said: expires === undefined ? 'acknowledged' : `acknowledged until ${ctime(expires)}` };
    },
  });
};

function expiry(ctx: CommandContext): number | undefined {
  const text = subValue(ctx, 'acknowledge', 'expire');
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new CliError(`sc: acknowledge: -o expire= takes a duration such as 30m, 2h, 1d or 1h30m, got "${text}"`, EXIT.USAGE);
  return ms;
}
