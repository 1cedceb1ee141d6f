import type { PairConfig } from '../config/config-model.js';
import type { CommandHistoryRecord } from '../history/history-record.js';
import { flattenComment } from '../state/next-check-status.js';
import type { AlertPatch, StoredAlertState } from '../state/alert-store.js';
import { STATE_ERROR_CODES, StateError } from '../state/state-error.js';
import type { CommandContext } from './command-context.js';
import { CliError, EXIT } from './exit-codes.js';
import { resolvePairs } from './resolve-pairs.js';

/** 1.0's comment for an action taken without -c (reference 1.4). */
export const NO_REASON = '(no reason given)';

/** The comment to record: the -c text on one line, or "(no reason given)". */
export function recordedComment(ctx: CommandContext): string {
  const c = ctx.options.comment;
  return c === undefined || c.trim() === '' ? NO_REASON : flattenComment(c).trim();
}

/** With `require comment` in instance.cf, refuses to act without -c (exit 2). */
export function requireComment(ctx: CommandContext, command: string): void {
  const c = ctx.options.comment;
  if (ctx.config.instance.requireComment && (c === undefined || c.trim() === '')) {
    throw new CliError(`sc: ${command}: this instance requires a comment (-c)`, EXIT.USAGE);
  }
}

/** The commandhistory record of an action by the user. */
export function commandRecord(ctx: CommandContext, command: string, time: number): CommandHistoryRecord {
  return { time, command, who: ctx.who, comment: recordedComment(ctx) };
}

/**
 * The targets of a state-changing command, all resolved before anything is
 * changed: no targets is a usage error (exit 2); a target naming nothing
 * configured prints one line each and fails the command (exit 1) unchanged.
 */
export function actionTargets(ctx: CommandContext, command: string, explicit: boolean): readonly PairConfig[] {
  const forms = explicit ? 'service@host' : 'service, host or service@host';
  if (ctx.options.args.length === 0) throw new CliError(`sc: ${command}: name at least one ${forms}`, EXIT.USAGE);
  const { pairs, errors } = resolvePairs(ctx.config, ctx.options.args, explicit);
  if (errors.length > 0) {
    for (const e of errors.slice(0, -1)) ctx.err(`sc: ${e}`);
    throw new CliError(`sc: ${errors.at(-1) ?? ''} (nothing was changed)`, EXIT.FAILED);
  }
  return pairs;
}

/** What an action makes of one pair: the change and what to tell the user, or why it is refused. */
export type ActionOutcome = { readonly patch: AlertPatch; readonly said: string } | { readonly refused: string };

export interface PairAction {
  readonly command: string;
  /** Accepts only service@host targets (escalate). */
  readonly explicit?: boolean;
  /** Decides under the pair lock, from the state read there. Pure. */
  decide(state: StoredAlertState, pair: PairConfig, now: number): ActionOutcome;
}

/**
 * Runs an operator action on every target pair: under each pair's lock the
 * state is read, `decide` says what to change, and the change is written with
 * a commandhistory record (who, comment) and a notice for a running ss.
 * Exit 0 when every pair was changed, 1 when some were refused or failed,
 * 4 when a pair lock could not be taken.
 */
export async function runPairAction(ctx: CommandContext, action: PairAction): Promise<number> {
  requireComment(ctx, action.command);
  const pairs = actionTargets(ctx, action.command, action.explicit === true);
  return forEachPair(ctx, pairs, async (pair) => {
    let outcome: ActionOutcome | undefined;
    await ctx.alerts.update(pair.service, pair.host, (state) => {
      const now = ctx.now();
      outcome = action.decide(state, pair, now);
      if ('refused' in outcome) return {};
      const history = outcome.patch.history;
      return { ...outcome.patch, history: { ...history, command: [...(history?.command ?? []), commandRecord(ctx, action.command, now)] } };
    });
    return outcome;
  });
}

/**
 * Applies `change` to each pair in turn and reports each: its `said` line on
 * stdout, or one `sc: service@host: reason` line on stderr. Returns the exit
 * code: 0 all changed, 1 some refused or failed, 4 a pair lock was held.
 */
export async function forEachPair(
  ctx: CommandContext,
  pairs: readonly PairConfig[],
  change: (pair: PairConfig) => Promise<{ readonly said: string } | { readonly refused: string } | undefined>,
): Promise<number> {
  let exit: number = EXIT.OK;
  for (const pair of pairs) {
    const name = `${pair.service}@${pair.host}`;
    let outcome;
    try {
      outcome = await change(pair);
    } catch (err) {
      const locked = err instanceof StateError && err.code === STATE_ERROR_CODES.LOCKED;
      exit = Math.max(exit, locked ? EXIT.PERMISSION : EXIT.FAILED);
      ctx.err(`sc: ${name}: ${(err as Error).message}`);
      continue;
    }
    if (outcome === undefined) continue;
    if ('refused' in outcome) {
      exit = Math.max(exit, EXIT.FAILED);
      ctx.err(`sc: ${name}: ${outcome.refused}`);
    } else {
      ctx.out(`${name}: ${outcome.said}`);
    }
  }
  return exit;
}
