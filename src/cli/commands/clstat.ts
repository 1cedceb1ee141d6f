import { substituteFor } from '../../alert/call-list-state.js';
import { nextInTurn } from '../../alert/resolve-call-list.js';
import { rotateOnCall } from '../../alert/rotate-on-call.js';
import { callListTarget } from '../call-list-target.js';
import type { Command } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import { ctime } from '../format-status.js';
import { checkSubOptions } from '../sub-options.js';

/**
 * `sc [--json] clstat calllist`: the list's state (reference 1.4): who was
 * notified last, who is on call now (rotations since the last one counted,
 * substitutions applied) or next in turn, the last rotation and the
 * substitutions. A broadcast list has no state; its members are shown.
 */
export const clstat: Command = async (ctx) => {
  checkSubOptions(ctx, 'clstat', []);
  const target = callListTarget(ctx, 'clstat', false);
  const { list } = target;
  const now = ctx.now();
  const files = list.mode === 'broadcast' ? { status: { version: 1 as const }, substitutions: [] } : await ctx.alerts.readCallList(target.stateName);
  const { status, substitutions } = files;
  const turn = list.mode === 'rotating' ? rotateOnCall(list.members, status, target.rotation, now).onCall : list.mode === 'simple' ? nextInTurn(list.members, status) : undefined;
  const chosen = turn === undefined ? undefined : substituteFor(turn, list.members, substitutions, now);
  if (ctx.options.json) {
    ctx.out(JSON.stringify({
      name: target.name,
      mode: list.mode,
      members: list.members,
      via: list.via,
      ...(list.rotation !== undefined ? { rotation: list.rotation } : {}),
      ...(list.aliasOf !== undefined ? { aliasOf: list.aliasOf } : {}),
      status,
      ...(list.mode === 'rotating' && chosen !== undefined ? { onCallNow: chosen } : {}),
      ...(list.mode === 'simple' && chosen !== undefined ? { nextInTurn: chosen } : {}),
      substitutions,
    }, null, 1));
    return EXIT.OK;
  }
  const rotates = list.rotation !== undefined ? `, rotates using ${list.rotation}` : '';
  const alias = list.aliasOf !== undefined ? `, alias of ${list.aliasOf}` : '';
  const lines = [`[${target.name}]`, ` ${list.mode} list via ${list.via}${rotates}${alias}: ${list.members.join(' ')}`];
  if (list.mode === 'broadcast') {
    ctx.out([...lines, ' -> Every member is notified every time (no state)'].join('\n'));
    return EXIT.OK;
  }
  const n = status.lastNotified;
  lines.push(n === undefined ? ' -> Last notified: nobody yet' : ` -> Last notified: ${n.person} (${n.address} via ${n.alert})`);
  const standIn = (p: string | undefined): string => (p !== undefined && p !== turn ? `${p} (for ${turn ?? '?'})` : (p ?? 'nobody'));
  if (list.mode === 'rotating') {
    lines.push(` -> On call now: ${standIn(chosen)}`);
    lines.push(` -> Last rotation: ${status.lastRotate !== undefined ? ctime(status.lastRotate) : 'never'}`);
  }
  if (list.mode === 'simple') lines.push(` -> Next in turn: ${standIn(chosen)}`);
  for (const s of substitutions) {
    const state = s.until < now ? ' (ended)' : s.from <= now ? ' (active)' : '';
    lines.push(` -> Substitution: ${s.with} for ${s.replace} from ${ctime(s.from)} until ${ctime(s.until + 1)}${state}`);
  }
  ctx.out(lines.join('\n'));
  return EXIT.OK;
};
