import type { HistoryQuery } from '../history/read-history.js';
import type { CommandContext } from './command-context.js';
import { CliError, EXIT } from './exit-codes.js';
import { parseTime } from './parse-time.js';

/** The -f/-u window as epoch ms (from inclusive, until exclusive); a bad time is a usage error (exit 2). */
export function timeWindow(from: string | undefined, until: string | undefined): { from?: number; until?: number } {
  const out: { from?: number; until?: number } = {};
  if (from !== undefined) out.from = timeOption('-f', from);
  if (until !== undefined) out.until = timeOption('-u', until);
  return out;
}

function timeOption(flag: string, text: string): number {
  const t = parseTime(text);
  if (t === undefined) throw new CliError(`sc: ${flag}: expected [HHMM]MMDDYYYY or ISO 8601, got "${text}"`, EXIT.USAGE);
  return t;
}

/** What the history commands read: the -f/-u window, `-o reverse` and `-o limit=N` (N ≥ 1, else exit 2). */
export function historyQuery(ctx: CommandContext): HistoryQuery {
  const range = timeWindow(ctx.options.from, ctx.options.until);
  const limitText = ctx.options.sub.get('limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new CliError(`sc: -o limit= takes a positive integer, got "${limitText}"`, EXIT.USAGE);
  return { ...range, reverse: ctx.options.sub.has('reverse'), ...(limit !== undefined ? { limit } : {}) };
}
