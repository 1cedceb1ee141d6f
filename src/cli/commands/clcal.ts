import { onCallCalendar, rotationCycleEnd } from '../../alert/on-call-calendar.js';
import { callListTarget, memberOption } from '../call-list-target.js';
import type { Command } from '../command-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { ctime } from '../format-status.js';
import { timeWindow } from '../history-query.js';
import { checkSubOptions } from '../sub-options.js';

/** Without -u a simple list (or a rotating one that never rotates) is shown for a week. */
const DEFAULT_SPAN_MS = 7 * 86_400_000;

/**
 * `sc [-f from] [-u until] [-o person=p] [--json] clcal calllist`: who would
 * be notified when, rotations and substitutions included (reference 1.4).
 * From now without -f; without -u until the rotating list has cycled (every
 * member on call once), else a week. `person` keeps the periods of one
 * person. Not for broadcast lists.
 */
export const clcal: Command = async (ctx) => {
  checkSubOptions(ctx, 'clcal', ['person']);
  const target = callListTarget(ctx, 'clcal', true);
  const person = memberOption(ctx, 'clcal', target, 'person');
  const window = timeWindow(ctx.options.from, ctx.options.until);
  const from = window.from ?? ctx.now();
  const until = window.until ?? rotationCycleEnd(target.list, target.rotation, from) ?? from + DEFAULT_SPAN_MS;
  if (until <= from) throw new CliError(`sc: clcal: -u (${ctime(until)}) must be after the start (${ctime(from)})`, EXIT.USAGE);
  const { status, substitutions } = await ctx.alerts.readCallList(target.stateName);
  const periods = onCallCalendar({ list: target.list, state: status, substitutions, ...(target.rotation !== undefined ? { rotation: target.rotation } : {}), from, until })
    .filter((p) => person === undefined || p.person === person);
  if (ctx.options.json) {
    ctx.out(JSON.stringify(periods, null, 1));
    return EXIT.OK;
  }
  ctx.out(`[${target.name}] ${ctime(from)} - ${ctime(until)}`);
  for (const p of periods) ctx.out(` ${ctime(p.from)} - ${ctime(p.until)}  ${p.person}${p.replacing !== undefined ? ` (for ${p.replacing})` : ''}`);
  if (periods.length === 0) ctx.out(person === undefined ? ' nobody' : ` ${person} is not on call in this time`);
  return EXIT.OK;
};
