import { enableDecision } from '../../actions/disable-decisions.js';
import type { Command } from '../command-context.js';
import { runDisableAction } from '../disable-action.js';

/** `sc [-c comment] enable targets`: ends a disable or a pause and reschedules the check, so a fresh result comes at once. */
export const enable: Command = async (ctx) => runDisableAction(ctx, { command: 'enable', takesUntil: false, decide: enableDecision });
