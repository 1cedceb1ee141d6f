import { disableDecision } from '../../actions/disable-decisions.js';
import type { Command } from '../command-context.js';
import { runDisableAction } from '../disable-action.js';
import { ctime } from '../format-status.js';
import { recordedComment } from '../pair-action.js';

/**
 * `sc [-c comment] disable targets`: takes pairs out of monitoring until
 * `sc enable` — ss neither checks nor alerts them; their state is kept.
 * A paused pair becomes disabled; an already disabled one is refused.
 */
export const disable: Command = async (ctx) => {
  const comment = recordedComment(ctx);
  return runDisableAction(ctx, { command: 'disable', takesUntil: false, decide: disableDecision({ who: ctx.who, comment }, ctime) });
};
