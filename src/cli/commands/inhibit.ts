import { inhibitDecision } from '../../actions/operator-decisions.js';
import type { Command } from '../command-context.js';
import { recordedComment, runPairAction } from '../pair-action.js';
import { checkSubOptions } from '../sub-options.js';

/** `sc [-c comment] inhibit targets`: no alerts (and no automatic fixes) until uninhibited; survives status changes (reference 5.12). */
export const inhibit: Command = async (ctx) => {
  checkSubOptions(ctx, 'inhibit', []);
  return runPairAction(ctx, { command: 'inhibit', decide: inhibitDecision({ who: ctx.who, comment: recordedComment(ctx) }) });
};
