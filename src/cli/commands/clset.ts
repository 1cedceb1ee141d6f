import { addressFor } from '../../alert/resolve-call-list.js';
import { callListTarget, memberOption } from '../call-list-target.js';
import type { Command } from '../command-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { checkSubOptions } from '../sub-options.js';

/**
 * `sc -o person=p clset calllist`: declares p the person on call (rotating
 * list; the rotation counts on from now) or the one notified last (simple
 * list: the next notification goes to the member after p) (reference 1.4).
 * Sets onCall and lastNotified (p at their address for the list's method).
 */
export const clset: Command = async (ctx) => {
  checkSubOptions(ctx, 'clset', ['person']);
  const target = callListTarget(ctx, 'clset', true);
  const person = memberOption(ctx, 'clset', target, 'person');
  if (person === undefined) throw new CliError('sc: clset: give -o person=<member>', EXIT.USAGE);
  const now = ctx.now();
  const { list } = target;
  const address = addressFor(ctx.config.alerting.persons.get(person), list.via) ?? '';
  await ctx.alerts.updateCallList(target.stateName, (files) => ({
    status: {
      ...files.status,
      onCall: person,
      lastNotified: { person, address, alert: list.via },
      ...(list.mode === 'rotating' ? { lastRotate: now } : {}),
    },
  }));
  ctx.out(list.mode === 'rotating' ? `${target.name}: ${person} is on call from now` : `${target.name}: ${person} counts as notified last; the next notification goes to the member after them`);
  return EXIT.OK;
};
