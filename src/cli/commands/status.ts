import { isEscalated } from '../../alert/is-escalated.js';
import { quietReason } from '../../alert/pair-alert-state.js';
import type { PairConfig } from '../../config/config-model.js';
import { mapConcurrent } from '../../state/map-concurrent.js';
import type { StoredAlertState } from '../../state/alert-store.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Command, CommandContext } from '../command-context.js';
import { planContext } from '../current-problem.js';
import { formatStatus } from '../format-status.js';
import { pairPlan } from '../../config/pair-plan.js';
import { pairView, type PairView } from '../pair-view.js';
import { resolvePairs } from '../resolve-pairs.js';

/** Stalled: the approximate next check is more than this far in the past (1.0: 30 minutes). */
export const STALLED_MS = 30 * 60_000;

type Match = (v: PairView, now: number, alert: () => Promise<StoredAlertState>, pair: PairConfig) => boolean | Promise<boolean>;

const MATCHES: Record<string, Match> = {
  error: (v) => v.rc !== 0 && v.rc !== 7,
  stalled: (v, now) => v.next !== undefined && v.next < now - STALLED_MS,
};

/** The matches that need the pair's alert state (acknowledge, noalert, escalate, alertstatus). */
function alertMatches(ctx: CommandContext): Record<string, Match> {
  return {
    addressed: async (_v, now, alert) => quietReason(await alert(), now) !== undefined,
    // 1.0: escalated by hand (an escalate file) or by the plan (the flag escalated try was reached).
    escalated: async (_v, now, alert, pair) => {
      const state = await alert();
      if (state.escalate !== undefined && (state.checkstatus?.rc ?? 0) > 0) return true;
      const plan = pairPlan(ctx.config, pair);
      return plan !== undefined && isEscalated(plan, state, planContext(ctx.config, pair, now));
    },
  };
}

/** `sc status [targets]` and `sc -o match=… status`. */
export const status: Command = async (ctx) => {
  const match = ctx.options.sub.get('match');
  const matches = { ...MATCHES, ...alertMatches(ctx) };
  if (match !== undefined && matches[match] === undefined) throw new CliError(`sc: status: -o match= takes error, addressed, escalated or stalled, got "${match}"`, EXIT.USAGE);
  if (match !== undefined && ctx.options.args.length > 0) throw new CliError('sc: status: -o match cannot be combined with pair arguments', EXIT.USAGE);
  const { pairs, errors } = ctx.options.args.length > 0 ? resolvePairs(ctx.config, ctx.options.args) : { pairs: ctx.config.pairs, errors: [] };
  for (const e of errors) ctx.err(`sc: ${e}`);
  if (errors.length > 0 && pairs.length === 0) return EXIT.FAILED;
  const statuses = await ctx.store.readAllCheckStatus(pairs);
  const now = ctx.now();
  let views = pairs.map((p, i) => pairView(ctx.config, p, statuses[i], now));
  const test = match === undefined ? undefined : matches[match];
  if (test !== undefined) {
    const keep = await mapConcurrent(views, 32, async (v, i) => {
      const pair = pairs[i] as PairConfig;
      return test(v, now, () => ctx.alerts.readPairState(pair.service, pair.host), pair);
    });
    views = views.filter((_v, i) => keep[i] === true);
  }
  if (ctx.options.json) ctx.out(JSON.stringify(views, null, 1));
  else if (views.length > 0) ctx.out(views.map((v) => formatStatus(v, process.stdout.isTTY)).join('\n\n'));
  return errors.length > 0 ? EXIT.FAILED : EXIT.OK;
};
