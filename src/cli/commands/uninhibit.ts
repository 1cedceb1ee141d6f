import { uninhibitDecision } from '../../actions/operator-decisions.js';
import type { Command } from '../command-context.js';
import { runPairAction } from '../pair-action.js';
import { checkSubOptions } from '../sub-options.js';

/** `sc [-c comment] uninhibit targets`: removes the inhibition and reschedules the check (1.0). */
export const uninhibit: Command = async (ctx) => {
  checkSubOptions(ctx, 'uninhibit', []);
  return runPairAction(ctx, { command: 'uninhibit', decide: uninhibitDecision });
};
