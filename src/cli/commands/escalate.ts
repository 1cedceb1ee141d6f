import { ESCALATE_REFUSAL, escalateLevel } from '../../alert/escalate-level.js';
import { RC } from '../../domain/return-code.js';
import { NOT_YET } from '../../state/check-status.js';
import type { Command } from '../command-context.js';
import { currentProblem, planContext } from '../current-problem.js';
import { runPairAction } from '../pair-action.js';
import { pairPlan } from '../../config/pair-plan.js';
import { checkSubOptions } from '../sub-options.js';

/**
 * `sc [-c comment] escalate service@host`: the next alert uses the following
 * try of the pair's alert plan (reference 5.12; arithmetic in escalateLevel).
 * Writes `escalate {level}`, and a stub alertstatus when nobody was alerted
 * yet, so the next alert pass does not clear the escalation.
 */
export const escalate: Command = async (ctx) => {
  checkSubOptions(ctx, 'escalate', []);
  return runPairAction(ctx, {
    command: 'escalate',
    explicit: true,
    decide(stored, pair, now) {
      const plan = pairPlan(ctx.config, pair);
      if (plan === undefined) return { refused: 'no alert plan applies to this pair (check.cf or host.cf "alert plan")' };
      if ((stored.checkstatus ?? NOT_YET).rc === RC.NOTYET) return { refused: 'No outstanding error: the check has not run yet' };
      const { state, patch } = currentProblem(ctx.config, pair, stored);
      const result = escalateLevel(plan, state, planContext(ctx.config, pair, now));
      if (result.kind !== 'escalated') return { refused: ESCALATE_REFUSAL[result.kind] };
      return {
        patch: { ...patch, escalate: { version: 1, level: result.level, who: ctx.who, time: now } },
        said: `escalated: the next alert uses try ${result.tryIndex + 1} of plan ${plan.name} (level ${result.level})`,
      };
    },
  });
};
