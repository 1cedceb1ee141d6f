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
import { StatusSnapshot } from '../../state/status-snapshot.js';
import { alertLines } from '../alert-lines.js';
import { checkSubOptions } from '../sub-options.js';

/** Stalled: the approximate next check is more than this far in the past (1.0: 30 minutes). */
export const STALLED_MS = 30 * 60_000;

export type Match = (v: PairView, now: number, alert: () => Promise<StoredAlertState>, pair: PairConfig) => boolean | Promise<boolean>;

const MATCHES: Record<string, Match> = {
  error: (v) => v.rc !== 0 && v.rc !== 7,
  stalled: (v, now) => v.next !== undefined && v.next < now - STALLED_MS,
  disabled: (v) => v.state !== undefined,
};

/** The matches that need the pair's alert state (acknowledge, noalert, escalate, alertstatus). */
function alertMatches(ctx: CommandContext): Record<string, Match> {
  return {
    addressed: async (_v, now, alert) => quietReason(await alert(), now) !== undefined,
    // 1.0: escalated by hand (an escalate file) or by the plan (the flag escalated try was reached).
    escalated: async (_v, now, alert, pair) => {
      const state = await alert();
      if (state.escalate !== undefined && (state.checkstatus?.rc ?? 0) > 0) return true;
      return autoEscalated(ctx, pair, state, now);
    },
  };
}

function autoEscalated(ctx: CommandContext, pair: PairConfig, state: StoredAlertState, now: number): boolean {
  const plan = pairPlan(ctx.config, pair);
  return plan !== undefined && isEscalated(plan, state, planContext(ctx.config, pair, now));
}

/** The test for `-o match=<name>` (undefined without -o match); an unknown name is a usage error (exit 2). */
export function statusMatch(ctx: CommandContext, command: string): Match | undefined {
  const match = ctx.options.sub.get('match');
  if (match === undefined) return undefined;
  const test = { ...MATCHES, ...alertMatches(ctx) }[match];
  if (test === undefined) throw new CliError(`sc: ${command}: -o match= takes error, addressed, escalated, stalled or disabled, got "${match}"`, EXIT.USAGE);
  return test;
}

/** `sc status [targets]` and `sc -o match=… status`. */
export const status: Command = async (ctx) => {
  checkSubOptions(ctx, 'status', ['match']);
  const test = statusMatch(ctx, 'status');
  if (test !== undefined && ctx.options.args.length > 0) throw new CliError('sc: status: -o match cannot be combined with pair arguments', EXIT.USAGE);
  const { pairs, errors } = ctx.options.args.length > 0 ? resolvePairs(ctx.config, ctx.options.args) : { pairs: ctx.config.pairs, errors: [] };
  for (const e of errors) ctx.err(`sc: ${e}`);
  if (errors.length > 0 && pairs.length === 0) return EXIT.FAILED;
  const now = ctx.now();
  const { statuses, disables } = new StatusSnapshot(ctx.store).refresh(pairs, now);
  let views = pairs.map((p, i) => pairView(ctx.config, p, statuses[i], now, disables[i]));
  let kept = pairs;
  if (test !== undefined) {
    const keep = await mapConcurrent(views, 32, async (v, i) => {
      const pair = pairs[i] as PairConfig;
      return test(v, now, () => ctx.alerts.readPairState(pair.service, pair.host), pair);
    });
    views = views.filter((_v, i) => keep[i] === true);
    kept = pairs.filter((_p, i) => keep[i] === true);
  }
  if (ctx.options.json) ctx.out(JSON.stringify(views, null, 1));
  else if (views.length > 0) {
    const extra = await mapConcurrent(kept, 32, async (pair) => {
      const state = await ctx.alerts.readPairState(pair.service, pair.host).catch(() => ({}));
      return alertLines(state, autoEscalated(ctx, pair, state, now), now);
    });
    ctx.out(views.map((v, i) => formatStatus(v, process.stdout.isTTY, extra[i])).join('\n\n'));
  }
  return errors.length > 0 ? EXIT.FAILED : EXIT.OK;
};
