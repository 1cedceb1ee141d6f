import { InProcessRunner } from '../../exec/in-process-runner.js';
import { runCheck } from '../../exec/run-check.js';
import { rcText } from '../../domain/return-code.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Command } from '../command-context.js';
import { resolvePairs } from '../resolve-pairs.js';

/** `sc check targets`: runs the checks now and prints results; state and history are not touched. */
export const check: Command = async (ctx) => {
  if (ctx.options.args.length === 0) throw new CliError('sc: check: name at least one service, host or service@host', EXIT.USAGE);
  const { pairs, errors } = resolvePairs(ctx.config, ctx.options.args);
  for (const e of errors) ctx.err(`sc: ${e}`);
  const byService = new Map<string, string[]>();
  for (const p of pairs) byService.set(p.service, [...(byService.get(p.service) ?? []), p.host]);
  const runner = new InProcessRunner();
  const rows: { service: string; host: string; rc: number; status: string; scalar: number; comment: string; duration: number }[] = [];
  const stop = (): void => void runner.close();
  process.once('SIGINT', stop);
  try {
    for (const [service, hosts] of byService) {
      const c = ctx.config.checks.get(service);
      if (c === undefined) continue;
      const run = await runCheck({ check: c, hosts, config: ctx.config, runner, tmpDir: ctx.config.instance.tmpDir });
      for (const r of run.results) {
        const row = { service, host: r.host, rc: r.rc, status: rcText(r.rc), scalar: r.scalar, comment: r.comment, duration: r.duration };
        rows.push(row);
        if (!ctx.options.json) ctx.out(`${service}@${r.host}: ${row.status} (rc ${r.rc}, scalar ${r.scalar}, ${r.duration}ms): ${r.comment}`);
      }
    }
  } finally {
    process.removeListener('SIGINT', stop);
    await runner.close();
  }
  if (ctx.options.json) ctx.out(JSON.stringify(rows, null, 1));
  return errors.length > 0 ? EXIT.FAILED : EXIT.OK;
};
