import { recordInForce } from '../actions/disable-decisions.js';
import type { PairConfig } from '../config/config-model.js';
import type { DisablePatch, PairDisable } from '../state/disable-store.js';
import { DisableStore } from '../state/disable-store.js';
import type { CommandContext } from './command-context.js';
import { CliError, EXIT } from './exit-codes.js';
import { actionTargets, commandRecord, forEachPair, requireComment } from './pair-action.js';
import { checkSubOptions } from './sub-options.js';

/** What disable, enable or pause makes of one pair: the change and what to tell the user, or why it is refused. */
export type DisableOutcome = { readonly patch: DisablePatch; readonly said: string } | { readonly refused: string };

export interface DisableAction {
  readonly command: 'disable' | 'enable' | 'pause';
  /** The -u the command takes (pause), else -u is refused. */
  readonly takesUntil: boolean;
  /** Decides under the pair lock from the pair's current record (absent, or a pause that has ended, is undefined). Pure. */
  decide(current: PairDisable | undefined, pair: PairConfig, now: number): DisableOutcome;
}

/**
 * Runs disable, enable or pause on every target (service, host or
 * service@host), all resolved before anything changes. Under each pair's lock
 * the `disabled` record is read and replaced or removed, with a
 * commandhistory record and a notice for a running ss. Exit 0 when every pair
 * changed, 1 when some were refused or failed, 2 for bad usage (nothing
 * changed), 4 when a pair lock could not be taken.
 */
export async function runDisableAction(ctx: CommandContext, action: DisableAction): Promise<number> {
  checkSubOptions(ctx, action.command, []);
  if (ctx.options.from !== undefined) throw new CliError(`sc: ${action.command}: -f is not used by ${action.command}`, EXIT.USAGE);
  if (!action.takesUntil && ctx.options.until !== undefined) throw new CliError(`sc: ${action.command}: -u is only used by pause`, EXIT.USAGE);
  requireComment(ctx, action.command);
  const pairs = actionTargets(ctx, action.command, false);
  const store = new DisableStore(ctx.store);
  return forEachPair(ctx, pairs, async (pair) => {
    let outcome: DisableOutcome | undefined;
    await store.update(pair.service, pair.host, (stored) => {
      const now = ctx.now();
      outcome = action.decide(recordInForce(stored, now), pair, now);
      if ('refused' in outcome) return undefined;
      return { ...outcome.patch, command: commandRecord(ctx, action.command, now) };
    });
    return outcome;
  });
}
