import type { PairConfig } from '../../config/config-model.js';
import { rcText, RC } from '../../domain/return-code.js';
import { InProcessRunner } from '../../exec/in-process-runner.js';
import { runFix } from '../../exec/run-fix.js';
import type { FixRunResult } from '../../exec/run-fix.js';
import { NOT_YET } from '../../state/check-status.js';
import type { Command, CommandContext } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import { actionTargets, commandRecord, requireComment } from '../pair-action.js';
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
  const fixName = ctx.config.checks.get(pair.service)?.fix;
  const fixConfig = fixName === undefined ? undefined : ctx.config.fixes.get(fixName);
  if (fixConfig === undefined) {
    ctx.err(`sc: ${name}: no fix is defined for check ${pair.service} (check.cf "fix =")`);
    return EXIT.FAILED;
  }
  const before = (await ctx.alerts.readPairState(pair.service, pair.host)).checkstatus ?? NOT_YET;
  const wasFailing = before.rc !== RC.OK && before.rc !== RC.NOTYET;
  const lock = await ctx.alerts.acquireFixLock({ service: pair.service, host: pair.host, scope: fixConfig.lockScope, expiryMs: fixConfig.lockExpiryMs, who: ctx.who });
  if (!lock.ok) {
    ctx.err(`sc: ${name}: the fix may already be running (fix lock ${lock.lock} taken by ${lock.holder})`);
    return EXIT.PERMISSION;
  }
  const startedAt = ctx.now();
  let result: FixRunResult;
  const runner = new InProcessRunner();
  const stop = (): void => void runner.close();
  process.once('SIGINT', stop);
  try {
    const ran = await runFix({ fix: fixConfig, service: pair.service, host: pair.host, config: ctx.config, runner });
    result = ran;
  } finally {
    process.removeListener('SIGINT', stop);
    await runner.close();
    await lock.release();
  }
  const reschedule = wasFailing && result.rc === RC.OK;
  await ctx.alerts.update(pair.service, pair.host, (state) => {
    const prev = state.fixstatus;
    return {
      fixstatus: {
        version: 1,
        who: ctx.who,
        instances: (prev?.instances ?? 0) + 1,
        rc: result.rc,
        comment: result.comment,
        time: startedAt,
        since: prev !== undefined && prev.since > 0 ? prev.since : startedAt,
      },
      ...(reschedule ? { checkReschedule: true as const } : {}),
      history: {
        fix: [{ time: startedAt, rc: result.rc, comment: result.comment, who: ctx.who, duration: result.duration }],
        command: [commandRecord(ctx, 'fix', startedAt)],
      },
    };
  });
  const said = `${name}: fix ${rcText(result.rc)}${result.comment === '' ? '' : `: ${result.comment}`}${reschedule ? ' (check rescheduled)' : ''}`;
  if (result.rc === RC.OK) ctx.out(said);
  else ctx.err(`sc: ${said}`);
  return result.rc === RC.OK ? EXIT.OK : EXIT.FAILED;
}
