/**
 * The state of simple and rotating call lists under <statedir>/calllist/<list>/
 * (docs/state.md): `status` and `substitutions`, read without a lock and
 * changed under the list's lock (<statedir>/calllist/<list>/lock, a
 * proper-lockfile directory like a pair lock). Aliases share their
 * original's state: callers pass `aliasOf ?? name`.
 */
import { join } from 'node:path';
import type { CallListStatus, Substitution } from '../alert/call-list-state.js';
import { nameProblem } from '../domain/names.js';
import { alertFileText } from './alert-file-formats.js';
import { writeFileAtomically } from './atomic-file.js';
import { parseCallListStatus, parseSubstitutions } from './call-list-formats.js';
import type { PairLock } from './pair-lock.js';
import type { CorruptReport } from './read-state-file.js';
import { readStateFile } from './read-state-file.js';
import { STATE_ERROR_CODES, StateError } from './state-error.js';

/** A call list's stored state; a missing file reads as `{version: 1}` and no substitutions. */
export interface CallListFiles {
  readonly status: CallListStatus;
  readonly substitutions: readonly Substitution[];
}

/** What to change: a given field replaces the file, an absent one leaves it as it is. */
export interface CallListPatch {
  readonly status?: CallListStatus;
  readonly substitutions?: readonly Substitution[];
}

export interface CallListStoreDeps {
  readonly calllistRoot: string;
  readonly fsync: boolean;
  readonly locks: PairLock;
}

/** <statedir>/calllist/<name>; throws SURVIVOR_STATE_BAD_NAME for a name that is not a safe path component. */
export function callListDir(root: string, name: string): string {
  const problem = nameProblem(name);
  if (problem !== undefined) throw new StateError(STATE_ERROR_CODES.BAD_NAME, `bad call list name ${JSON.stringify(name)}: ${problem}`);
  return join(root, name);
}

/** Reads both files; corrupt ones count as missing and are reported. Failures: SURVIVOR_STATE_IO, _BAD_NAME. */
export async function readCallListFiles(deps: CallListStoreDeps, name: string, onCorrupt?: CorruptReport): Promise<CallListFiles> {
  const dir = callListDir(deps.calllistRoot, name);
  const [status, subs] = await Promise.all([
    readStateFile(join(dir, 'status'), parseCallListStatus, {}, onCorrupt),
    readStateFile(join(dir, 'substitutions'), parseSubstitutions, {}, onCorrupt),
  ]);
  return { status: status ?? { version: 1 }, substitutions: subs?.entries ?? [] };
}

/**
 * Under the list's lock: reads the state, calls `fn`, writes what the patch
 * gives (atomically), and returns the new state. `fn` should be quick (no
 * transmissions while holding the lock). Failures: SURVIVOR_STATE_LOCKED,
 * _IO, _BAD_NAME, and whatever `fn` throws (then nothing is written).
 */
export async function updateCallListFiles(
  deps: CallListStoreDeps,
  name: string,
  fn: (current: CallListFiles) => Promise<CallListPatch> | CallListPatch,
  onCorrupt?: CorruptReport,
): Promise<CallListFiles> {
  const dir = callListDir(deps.calllistRoot, name);
  return deps.locks.withLock(join(dir, 'lock'), { service: 'calllist', host: name }, async () => {
    const current = await readCallListFiles(deps, name, onCorrupt);
    const patch = await fn(current);
    if (patch.status !== undefined) {
      await writeFileAtomically(join(dir, 'status'), alertFileText({ ...patch.status, version: 1 }), deps.fsync);
    }
    if (patch.substitutions !== undefined) {
      await writeFileAtomically(join(dir, 'substitutions'), alertFileText({ version: 1, entries: patch.substitutions }), deps.fsync);
    }
    return { status: patch.status ?? current.status, substitutions: patch.substitutions ?? current.substitutions };
  });
}
