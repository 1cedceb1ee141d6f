/**
 * From a call list to the people a notification goes to (reference 2.5, 5.9),
 * and the list state to store afterwards. Pure: the caller reads the state and
 * substitutions under the call-list lock, calls this, and writes nextState back
 * when `changed`. Like 1.0, a list advances when the alert is decided, even if
 * its transmission later fails.
 *
 * Aliases (`[alias oncall-mail] calllist = oncall via = sms`) are the caller's
 * business: pass the alias (its `via` picks the addresses) with the state and
 * substitutions of the list it aliases, which it shares.
 */
import type { CallList, Person } from '../config/alert-model.js';
import type { Schedule } from '../config/config-model.js';
import type { CallListStatus, Recipient, Substitution } from './call-list-state.js';
import { substituteFor } from './call-list-state.js';
import { rotateOnCall } from './rotate-on-call.js';

export interface CallListInput {
  readonly list: CallList;
  readonly persons: ReadonlyMap<string, Person>;
  /** Stored status; undefined when the list has none yet. Ignored for broadcast lists. */
  readonly state: CallListStatus | undefined;
  /** Stored substitutions (any order, first match wins); ignored for broadcast lists. */
  readonly substitutions: readonly Substitution[];
  /** The rotation schedule of a rotating list (its at/cron instants); undefined = never rotates. */
  readonly rotation?: Schedule;
  /** Epoch ms. */
  readonly now: number;
}

export interface CallListResolution {
  readonly recipients: readonly Recipient[];
  readonly nextState: CallListStatus;
  /** nextState differs from the stored state: write it. Always false for broadcast lists. */
  readonly changed: boolean;
  /** Persons chosen who have no address for the list's alert method (the loader should have refused such a list). */
  readonly unreachable: readonly string[];
}

/** The person's address for an alert method: its `notify … via <alert>`, else its `otherwise` address. */
export function addressFor(person: Person | undefined, alert: string): string | undefined {
  if (person === undefined) return undefined;
  return person.addresses.get(alert) ?? person.otherwise;
}

/**
 * Who to notify from one call list at `input.now`:
 *  - broadcast: every member, no state change;
 *  - simple: the member after the one whose turn it was last time (onCall,
 *    else lastNotified.person), wrapping; the first member when there is no
 *    state or that person left the list;
 *  - rotating: the person on call by rotateOnCall (first member, on call from
 *    now, when there is no state or that person left);
 * then, for simple and rotating lists, an active substitution replaces the
 * chosen person (substituteFor). Never throws for a loaded configuration.
 */
export function resolveCallList(input: CallListInput): CallListResolution {
  const { list } = input;
  const state: CallListStatus = input.state ?? { version: 1 };
  if (list.mode === 'broadcast') {
    const recipients: Recipient[] = [];
    const unreachable: string[] = [];
    for (const name of list.members) add(input, name, recipients, unreachable);
    return { recipients, nextState: state, changed: false, unreachable };
  }

  let turn: string | undefined;
  let rotated: Pick<CallListStatus, 'lastRotate'> = {};
  if (list.mode === 'rotating') {
    const onCall = rotateOnCall(list.members, input.state, input.rotation, input.now);
    turn = onCall.onCall;
    rotated = { lastRotate: onCall.lastRotate };
  } else {
    turn = nextInTurn(list.members, state);
  }
  if (turn === undefined) return { recipients: [], nextState: state, changed: false, unreachable: [] };

  const chosen = substituteFor(turn, list.members, input.substitutions, input.now);
  const recipients: Recipient[] = [];
  const unreachable: string[] = [];
  add(input, chosen, recipients, unreachable);
  const recipient = recipients[0];
  // 1.0 leaves the state alone when nobody could be reached; so do we.
  if (recipient === undefined) return { recipients, nextState: state, changed: false, unreachable };
  const nextState: CallListStatus = { ...state, lastNotified: recipient, onCall: turn, ...rotated };
  return { recipients, nextState, changed: !sameStatus(state, nextState), unreachable };
}

/** The simple-list member after the last turn (wrapping), or the first member. */
export function nextInTurn(members: readonly string[], state: CallListStatus | undefined): string | undefined {
  const anchor = state?.onCall !== undefined && members.includes(state.onCall) ? state.onCall : state?.lastNotified?.person;
  const index = anchor === undefined ? -1 : members.indexOf(anchor);
  return members[(index + 1) % members.length];
}

function add(input: CallListInput, name: string, recipients: Recipient[], unreachable: string[]): void {
  const address = addressFor(input.persons.get(name), input.list.via);
  if (address === undefined) unreachable.push(name);
  else recipients.push({ person: name, address, alert: input.list.via });
}

function sameStatus(a: CallListStatus, b: CallListStatus): boolean {
  return (
    a.onCall === b.onCall &&
    a.lastRotate === b.lastRotate &&
    a.lastNotified?.person === b.lastNotified?.person &&
    a.lastNotified?.address === b.lastNotified?.address &&
    a.lastNotified?.alert === b.lastNotified?.alert
  );
}
