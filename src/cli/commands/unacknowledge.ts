import { unacknowledgeDecision } from '../../actions/operator-decisions.js';
import type { Command } from '../command-context.js';
import { runPairAction } from '../pair-action.js';
import { checkSubOptions } from '../sub-options.js';

/** `sc [-c comment] unacknowledge targets`: removes the acknowledgement and reschedules the check (1.0), so alerts resume after it. */
export const unacknowledge: Command = async (ctx) => {
  checkSubOptions(ctx, 'unacknowledge', []);
  return runPairAction(ctx, { command: 'unacknowledge', decide: unacknowledgeDecision });
};
