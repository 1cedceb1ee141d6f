import type { CallList } from '../config/alert-model.js';
import type { Schedule } from '../config/config-model.js';
import type { CommandContext } from './command-context.js';
import { CliError, EXIT } from './exit-codes.js';

/** The call list a call-list command names, where its state lives, and its rotation schedule. */
export interface CallListTarget {
  /** The name as given (a list or a list alias). */
  readonly name: string;
  readonly list: CallList;
  /** Whose state files hold it: an alias shares its original's. */
  readonly stateName: string;
  readonly rotation?: Schedule;
}

/**
 * The one call list argument of a call-list command: none or several is a
 * usage error (exit 2), a name calllist.cf does not define fails (exit 1).
 * With `stateful`, a broadcast list is refused (exit 1): it keeps no state.
 */
export function callListTarget(ctx: CommandContext, command: string, stateful: boolean): CallListTarget {
  const args = ctx.options.args;
  if (args.length !== 1) throw new CliError(`sc: ${command}: name exactly one call list, got ${args.length}`, EXIT.USAGE);
  const name = args[0] ?? '';
  const list = ctx.config.alerting.callLists.get(name);
  if (list === undefined) throw new CliError(`sc: ${command}: ${name}: not a call list defined in calllist.cf`, EXIT.FAILED);
  if (stateful && list.mode === 'broadcast') {
    throw new CliError(`sc: ${command}: ${name} is a broadcast list: every member is notified every time, it has no turns or substitutions`, EXIT.FAILED);
  }
  const rotation = list.rotation === undefined ? undefined : ctx.config.schedules.get(list.rotation);
  return { name, list, stateName: list.aliasOf ?? name, ...(rotation !== undefined ? { rotation } : {}) };
}

/** The value of `-o <key>=<person>`, which must name a member of the list (else exit 2). */
export function memberOption(ctx: CommandContext, command: string, target: CallListTarget, key: string): string | undefined {
  const person = ctx.options.sub.get(key);
  if (person === undefined) return undefined;
  if (!target.list.members.includes(person)) {
    throw new CliError(`sc: ${command}: -o ${key}=${person}: not a member of call list ${target.name} (members: ${target.list.members.join(' ')})`, EXIT.USAGE);
  }
  return person;
}
