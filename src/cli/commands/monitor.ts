import type { PairConfig } from '../../config/config-model.js';
import { mapConcurrent } from '../../state/map-concurrent.js';
import { StatusSnapshot } from '../../state/status-snapshot.js';
import type { Command, CommandContext } from '../command-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { renderMonitor } from '../monitor-table.js';
import { parseDuration } from '../parse-duration.js';
import { pairView, type PairView } from '../pair-view.js';
import { resolvePairs } from '../resolve-pairs.js';
import { checkSubOptions, subValue } from '../sub-options.js';
import { TerminalScreen } from '../terminal-screen.js';
import { statusMatch } from './status.js';

const DEFAULT_REFRESH_MS = 1000;

/**
 * `sc [-o match=…,refresh=2s] monitor [targets]`: a live table of the pairs
 * (all, or the targets), filtered like `sc status -o match=`, redrawn every
 * refresh (default 1 s) from the state files that changed. On a terminal it
 * takes the alternate screen until `q` or Ctrl-C; otherwise it prints the
 * table once (80 columns) and exits; with --json it prints the rows once as
 * `sc status --json` does. Exit 0, 1 for an unknown target, 2 for
 * bad options.
 */
export const monitor: Command = async (ctx) => {
  checkSubOptions(ctx, 'monitor', ['match', 'refresh']);
  const test = statusMatch(ctx, 'monitor');
  const refreshText = subValue(ctx, 'monitor', 'refresh');
  const refreshMs = refreshText === undefined ? DEFAULT_REFRESH_MS : parseDuration(refreshText);
  if (refreshMs === undefined) throw new CliError(`sc: monitor: -o refresh= takes a duration such as 2s or 1m, got "${refreshText}"`, EXIT.USAGE);
  const { pairs, errors } = ctx.options.args.length > 0 ? resolvePairs(ctx.config, ctx.options.args) : { pairs: ctx.config.pairs, errors: [] };
  if (errors.length > 0) {
    for (const e of errors.slice(0, -1)) ctx.err(`sc: ${e}`);
    throw new CliError(`sc: ${errors.at(-1) ?? ''}`, EXIT.FAILED);
  }
  const snapshot = new StatusSnapshot(ctx.store);
  const views = async (now: number): Promise<PairView[]> => {
    const { statuses, disables } = snapshot.refresh(pairs, now);
    const all = pairs.map((p, i) => pairView(ctx.config, p, statuses[i], now, disables[i]));
    if (test === undefined) return all;
    const keep = await mapConcurrent(all, 32, async (v, i) => {
      const pair = pairs[i] as PairConfig;
      return test(v, now, () => ctx.alerts.readPairState(pair.service, pair.host), pair);
    });
    return all.filter((_v, i) => keep[i] === true);
  };
  if (ctx.options.json) {
    ctx.out(JSON.stringify(await views(ctx.now()), null, 1));
    return EXIT.OK;
  }
  const title = `Survivor ${ctx.config.instance.name}${test !== undefined ? ` (match=${ctx.options.sub.get('match') ?? ''})` : ''}`;
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    const now = ctx.now();
    const shown = await views(now);
    ctx.out(renderMonitor(shown, { title, columns: process.stdout.columns ?? 80, rows: shown.length + 3, first: 0, now, colour: false }).join('\n'));
    return EXIT.OK;
  }
  return runLive(ctx, views, title, refreshMs);
};

async function runLive(ctx: CommandContext, views: (now: number) => Promise<PairView[]>, title: string, refreshMs: number): Promise<number> {
  let first = 0;
  let last: PairView[] = [];
  let quit: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (quit = resolve));
  const draw = (): void => {
    const size = screen.size;
    first = Math.max(0, Math.min(first, last.length - (size.rows - 3)));
    screen.draw(renderMonitor(last, { title, ...size, first, now: ctx.now(), colour: true }));
  };
  const screen = new TerminalScreen(process.stdin, process.stdout, (key) => {
    const page = Math.max(1, screen.size.rows - 3);
    if (key === 'q' || key === 'Q' || key === '\x03' || key === '\x04') quit();
    else if (key === ' ' || key === 'f') first += page;
    else if (key === 'b') first = Math.max(0, first - page);
    else return;
    draw();
  });
  let busy = false;
  const refresh = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      last = await views(ctx.now());
      draw();
    } finally {
      busy = false;
    }
  };
  screen.start(draw);
  process.once('SIGINT', () => quit());
  process.once('SIGTERM', () => quit());
  const timer = setInterval(() => void refresh().catch(() => undefined), refreshMs);
  try {
    await refresh();
    await done;
  } finally {
    clearInterval(timer);
    screen.close();
  }
  return EXIT.OK;
}
