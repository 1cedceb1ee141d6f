import type { Command } from '../command-context.js';
import { runPairAction } from '../pair-action.js';
import { checkSubOptions } from '../sub-options.js';

/** `sc [-c comment] unacknowledge targets`: removes the acknowledgement and reschedules the check (1.0), so alerts resume after it. */
export const unacknowledge: Command = async (ctx) => {
  checkSubOptions(ctx, 'unacknowledge', []);
  return runPairAction(ctx, {
    command: 'unacknowledge',
    decide(state) {
      if (state.acknowledge === undefined) return { refused: 'not acknowledged' };
      return { patch: { acknowledge: null, checkReschedule: true }, said: 'acknowledgement removed, check rescheduled' };
    },
  });
};
