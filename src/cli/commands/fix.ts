import { runPairFix } from '../../actions/run-pair-fix.js';
import type { PairConfig } from '../../config/config-model.js';
import { rcText, RC } from '../../domain/return-code.js';
import { InProcessRunner } from '../../exec/in-process-runner.js';
import type { Command, CommandContext } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import { actionTargets, recordedComment, requireComment } from '../pair-action.js';
import { checkSubOptions } from '../sub-options.js';

/**
 * `sc [-c comment] fix service@host`: runs the check's fix now, whatever the
 * pair's state (reference 1.4, 5.12, 5.13). Takes the fix lock (refused while
 * another fix holds a conflicting one: exit 4), records fixstatus
 * (attempts + 1), fixhistory and commandhistory, and reschedules the check
 * when the pair was failing and the fix returned OK. Exit 0 when the fix
 * returned OK, 1 otherwise. Ctrl-C kills the fix module.
 */
export const fix: Command = async (ctx) => {
  checkSubOptions(ctx, 'fix', []);
  requireComment(ctx, 'fix');
  const pairs = actionTargets(ctx, 'fix', true);
  let exit: number = EXIT.OK;
  for (const pair of pairs) exit = Math.max(exit, await fixPair(ctx, pair));
  return exit;
};

async function fixPair(ctx: CommandContext, pair: PairConfig): Promise<number> {
  const name = `${pair.service}@${pair.host}`;
  const runner = new InProcessRunner();
  const stop = (): void => void runner.close();
  process.once('SIGINT', stop);
  let outcome;
  try {
    outcome = await runPairFix({ config: ctx.config, alerts: ctx.alerts, runner, now: ctx.now }, pair, { who: ctx.who, comment: recordedComment(ctx) });
  } finally {
    process.removeListener('SIGINT', stop);
    await runner.close();
  }
  if (outcome.kind === 'no-fix') {
    ctx.err(`sc: ${name}: no fix is defined for check ${pair.service} (check.cf "fix =")`);
    return EXIT.FAILED;
  }
  if (outcome.kind === 'locked') {
    ctx.err(`sc: ${name}: the fix may already be running (fix lock ${outcome.lock} taken by ${outcome.holder})`);
    return EXIT.PERMISSION;
  }
  const said = `${name}: fix ${rcText(outcome.rc)}${outcome.comment === '' ? '' : `: ${outcome.comment}`}${outcome.rescheduled ? ' (check rescheduled)' : ''}`;
  if (outcome.rc === RC.OK) ctx.out(said);
  else ctx.err(`sc: ${said}`);
  return outcome.rc === RC.OK ? EXIT.OK : EXIT.FAILED;
}
