import { escalateDecision } from '../../actions/operator-decisions.js';
import type { Command } from '../command-context.js';
import { recordedComment, runPairAction } from '../pair-action.js';
import { checkSubOptions } from '../sub-options.js';

/**
 * `sc [-c comment] escalate service@host`: the next alert uses the following
 * try of the pair's alert plan (reference 5.12; arithmetic in escalateLevel).
 * Writes `escalate {level}`, and a stub alertstatus when nobody was alerted
 * yet, so the next alert pass does not clear the escalation.
 */
export const escalate: Command = async (ctx) => {
  checkSubOptions(ctx, 'escalate', []);
  return runPairAction(ctx, { command: 'escalate', explicit: true, decide: escalateDecision(ctx.config, { who: ctx.who, comment: recordedComment(ctx) }) });
};
