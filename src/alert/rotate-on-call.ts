/**
 * Who is on call on a rotating list (reference 2.5, 5.9): the stored on-call
 * person advanced by the number of rotation instants since the last rotation,
 * so idle days and weeks are accounted for. Positions are remembered by name:
 * a moved person stays on call, a removed one restarts the list at its first
 * member.
 */
import type { Schedule } from '../config/config-model.js';
import { countRotations } from '../schedule/rotation-instants.js';
import type { CallListStatus } from './call-list-state.js';

export interface OnCall {
  /** The person on call at the instant asked (before substitutions); undefined for a list without members. */
  readonly onCall: string | undefined;
  /** The lastRotate to store: the instant asked when the on-call person changed or was initialised, else unchanged. */
  readonly lastRotate: number;
  /** True when onCall or lastRotate differ from the stored state (write it back). */
  readonly changed: boolean;
}

/**
 * The on-call person of a list with `members` at `atMs` (epoch ms), from its
 * stored state and rotation schedule (undefined = never rotates). Rotation
 * instants in (lastRotate, atMs] are counted, each moves one position (modulo
 * the list length). Without a stored (or a still present) on-call person, the
 * first member goes on call at atMs; without lastRotate, the stored person
 * stays and the count starts at atMs. An instant before lastRotate (clock set
 * back) counts nothing. Throws RangeError for a non-finite atMs.
 */
export function rotateOnCall(
  members: readonly string[],
  state: CallListStatus | undefined,
  rotation: Schedule | undefined,
  atMs: number,
): OnCall {
  if (!Number.isFinite(atMs)) throw new RangeError(`Expected \`atMs\` to be a finite number of epoch ms, got \`${atMs}\` (${typeof atMs})`);
  const first = members[0];
  if (first === undefined) return { onCall: undefined, lastRotate: state?.lastRotate ?? atMs, changed: false };
  const index = state?.onCall === undefined ? -1 : members.indexOf(state.onCall);
  if (index < 0) return { onCall: first, lastRotate: atMs, changed: true };
  const lastRotate = state?.lastRotate;
  if (lastRotate === undefined) return { onCall: members[index], lastRotate: atMs, changed: true };
  const steps = rotation === undefined ? 0 : countRotations(rotation, lastRotate, atMs);
  if (steps === 0) return { onCall: members[index], lastRotate, changed: false };
  return { onCall: members[(index + steps) % members.length], lastRotate: atMs, changed: true };
}
