/**
 * A change to a pair's alerting files, as AlertStore.update applies it under
 * the pair lock, and what the state looks like afterwards. Pure.
 */
import type { Acknowledgement, AlertStatus, Escalation, FixStatus, Inhibition, PairAlertState } from '../alert/pair-alert-state.js';
import type { AlertHistoryRecord } from '../history/alert-history-record.js';
import type { FixHistoryRecord } from '../history/fix-history-record.js';
import type { CommandHistoryRecord } from '../history/history-record.js';
import type { AlertFileName, AlertFileTypes } from './alert-file-formats.js';
import { ALERT_FILE_NAMES } from './alert-file-formats.js';
import type { CheckStatus } from './check-status.js';

/** A pair's state as stored: checkstatus, the alerting files, and the reply token (its text). */
export type StoredAlertState = PairAlertState & { readonly token?: string };

/**
 * What to change. For each file: absent = leave it, null = delete it, a
 * record = replace it. `token` is the token text. `checkReschedule` makes
 * the check due at once (checkstatus time := 0, the rest kept). History
 * records are appended under the same lock, after the files.
 */
export interface AlertPatch {
  readonly alertstatus?: AlertStatus | null;
  readonly acknowledge?: Acknowledgement | null;
  readonly noalert?: Inhibition | null;
  readonly escalate?: Escalation | null;
  readonly fixstatus?: FixStatus | null;
  readonly token?: string | null;
  readonly checkReschedule?: true;
  readonly history?: {
    readonly alert?: readonly AlertHistoryRecord[];
    readonly fix?: readonly FixHistoryRecord[];
    readonly command?: readonly CommandHistoryRecord[];
  };
}

/** The file writes of a patch, in file order: [file, record to write | null to delete]. */
export function patchWrites(patch: AlertPatch): [AlertFileName, AlertFileTypes[AlertFileName] | null][] {
  const writes: [AlertFileName, AlertFileTypes[AlertFileName] | null][] = [];
  for (const name of ALERT_FILE_NAMES) {
    const value = patch[name];
    if (value === undefined) continue;
    if (value === null) writes.push([name, null]);
    else if (typeof value === 'string') writes.push([name, { version: 1, token: value }]);
    else writes.push([name, { ...value, version: 1 }]);
  }
  return writes;
}

/** `state` with the patch's files applied and `checkstatus` as given (rescheduled or unchanged). */
export function applyToState(state: StoredAlertState, patch: AlertPatch, checkstatus: CheckStatus | undefined): StoredAlertState {
  const next: Record<string, unknown> = { ...state };
  for (const name of ALERT_FILE_NAMES) {
    const value = patch[name];
    if (value === null) delete next[name];
    else if (value !== undefined) next[name] = value;
  }
  if (checkstatus === undefined) delete next.checkstatus;
  else next.checkstatus = checkstatus;
  return next;
}
