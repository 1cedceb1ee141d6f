import type { Command } from '../command-context.js';
import { recordedComment, runPairAction } from '../pair-action.js';
import { checkSubOptions } from '../sub-options.js';

/** `sc [-c comment] inhibit targets`: no alerts (and no automatic fixes) until uninhibited; survives status changes (reference 5.12). */
export const inhibit: Command = async (ctx) => {
  checkSubOptions(ctx, 'inhibit', []);
  const comment = recordedComment(ctx);
  return runPairAction(ctx, {
    command: 'inhibit',
    decide(state, _pair, now) {
      if (state.noalert !== undefined) return { refused: `already inhibited by ${state.noalert.who}` };
      return { patch: { noalert: { version: 1, who: ctx.who, comment, time: now } }, said: 'alerts inhibited' };
    },
  });
};
