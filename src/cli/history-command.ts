import type { HistoryQuery } from '../history/read-history.js';
import type { StateStore } from '../state/state-store.js';
import type { Command } from './command-context.js';
import { CliError, EXIT } from './exit-codes.js';
import { historyQuery } from './history-query.js';
import { resolvePairs } from './resolve-pairs.js';
import { checkSubOptions } from './sub-options.js';

/** How one kind of history is read and printed. */
export interface HistoryKindView<T> {
  readonly command: string;
  readonly read: (store: StateStore, service: string, host: string, query: HistoryQuery) => AsyncIterable<T>;
  /** One text line for a record (without the leading space). */
  readonly line: (record: T) => string;
}

/**
 * A history command (`sc [-f from] [-u until] [-o reverse,limit=N] [--json]
 * <kind>history targets`): per pair a `[service@host]` header and one line per
 * record, or with --json one array of records with service and host added.
 * Unknown targets are reported (exit 1) while the others are printed.
 */
export function historyCommand<T extends object>(view: HistoryKindView<T>): Command {
  return async (ctx) => {
    checkSubOptions(ctx, view.command, ['reverse', 'limit']);
    if (ctx.options.args.length === 0) throw new CliError(`sc: ${view.command}: name at least one service, host or service@host`, EXIT.USAGE);
    const query = historyQuery(ctx);
    const { pairs, errors } = resolvePairs(ctx.config, ctx.options.args);
    for (const e of errors) ctx.err(`sc: ${e}`);
    const all: unknown[] = [];
    for (const p of pairs) {
      if (!ctx.options.json) ctx.out(`[${p.service}@${p.host}]`);
      for await (const r of view.read(ctx.store, p.service, p.host, query)) {
        if (ctx.options.json) all.push({ service: p.service, host: p.host, ...r });
        else ctx.out(` ${view.line(r)}`);
      }
    }
    if (ctx.options.json) ctx.out(JSON.stringify(all, null, 1));
    return errors.length > 0 ? EXIT.FAILED : EXIT.OK;
  };
}
