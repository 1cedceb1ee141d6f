/**
 * The alerting state of pairs and call lists, and fix locks (docs/state.md):
 * the door to var/ for the alert scheduler, `sc` and `sw`, built over a
 * StateStore so it shares its pair locks, layout, history, notices, fsync
 * choice and clock.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckStatus } from './check-status.js';
import { NOT_YET } from './check-status.js';
import type { AlertFileName, AlertFileTypes } from './alert-file-formats.js';
import { alertFileText, parseAlertFile } from './alert-file-formats.js';
import { writeFileAtomically } from './atomic-file.js';
import type { AlertPatch, StoredAlertState } from './alert-patch.js';
import { applyToState, patchWrites } from './alert-patch.js';
import type { CallListFiles, CallListPatch } from './call-list-store.js';
import { readCallListFiles, updateCallListFiles } from './call-list-store.js';
import type { FixLockRequest, FixLockResult } from './fix-locks.js';
import { acquireFixLock } from './fix-locks.js';
import { newToken } from './new-token.js';
import { PairLock } from './pair-lock.js';
import { parseCheckStatus } from './parse-check-status.js';
import type { CorruptReport } from './read-state-file.js';
import { readStateFile, removeStateFile } from './read-state-file.js';
import { errnoCode } from './state-error.js';
import type { StateStore, StoreContext } from './state-store.js';

export type { AlertPatch, StoredAlertState } from './alert-patch.js';
export type { CallListFiles, CallListPatch } from './call-list-store.js';
export type { FixLockRequest, FixLockResult, FixLockScope } from './fix-locks.js';
export type { CorruptReport } from './read-state-file.js';

export interface AlertStoreOptions {
  /** Told about every state file found corrupt while reading (it then counts as absent). */
  readonly onCorrupt?: CorruptReport;
}

export interface UpdateOptions {
  /**
   * Leave a notice for the daemon after a change (default true: operator
   * actions must reach a running ss). The alert scheduler itself passes false.
   */
  readonly notify?: boolean;
}

/** What clearing alert state removes (reference 4.1): everything but `noalert`. */
export const CLEAR_ALERT_STATE: AlertPatch = { alertstatus: null, acknowledge: null, escalate: null, token: null, fixstatus: null };

/**
 * Alert state per pair (alertstatus, acknowledge, noalert, escalate, token,
 * fixstatus), call-list state, and fix locks. Reads take no lock; every
 * change of a pair is a read-modify-write under the pair lock (the same lock
 * as check results), every change of a call list under the list's lock.
 */
export class AlertStore {
  private readonly store: StateStore;
  private readonly ctx: StoreContext;
  private readonly onCorrupt: CorruptReport | undefined;
  /** Call-list and fix-guard locks (pair locks are the StateStore's). */
  private readonly locks = new PairLock();

  constructor(store: StateStore, options: AlertStoreOptions = {}) {
    this.store = store;
    this.ctx = store.context;
    this.onCorrupt = options.onCorrupt;
  }

  /**
   * The pair's checkstatus and alert files; missing files are absent fields,
   * corrupt ones too (reported to `onCorrupt`, else the store's). Takes no
   * lock. Failures: SURVIVOR_STATE_IO, _BAD_NAME.
   */
  async readPairState(service: string, host: string, onCorrupt: CorruptReport | undefined = this.onCorrupt): Promise<StoredAlertState> {
    const where = { service, host };
    const paths = this.ctx.paths;
    // One listing, then only the files present: an OK pair has just checkstatus, and six reads failing
    // with ENOENT (an Error each) made the first alert pass over 100,000 pairs a burst of CPU and garbage.
    // A listing that fails for another reason than a missing directory reads every file, to report it as before.
    const listed = await readdir(paths.pairDir(service, host)).catch((err: unknown) => (errnoCode(err) === 'ENOENT' ? ([] as string[]) : undefined));
    const present = (name: string): boolean => listed === undefined || listed.includes(name);
    const read = <K extends AlertFileName>(name: K): Promise<AlertFileTypes[K] | undefined> =>
      present(name) ? readStateFile(paths.pairFile(service, host, name), (t) => parseAlertFile(name, t), where, onCorrupt) : Promise.resolve(undefined);
    const [checkstatus, alertstatus, acknowledge, noalert, escalate, token, fixstatus] = await Promise.all([
      present('checkstatus') ? readStateFile(paths.checkStatus(service, host), parsedCheckStatus, where, onCorrupt) : undefined,
      read('alertstatus'),
      read('acknowledge'),
      read('noalert'),
      read('escalate'),
      read('token'),
      read('fixstatus'),
    ]);
    return {
      ...(checkstatus !== undefined ? { checkstatus } : {}),
      ...(alertstatus !== undefined ? { alertstatus } : {}),
      ...(acknowledge !== undefined ? { acknowledge } : {}),
      ...(noalert !== undefined ? { noalert } : {}),
      ...(escalate !== undefined ? { escalate } : {}),
      ...(token !== undefined ? { token: token.token } : {}),
      ...(fixstatus !== undefined ? { fixstatus } : {}),
    };
  }

  /**
   * Under the pair lock: reads the state, calls `fn` with it, applies the
   * patch it returns (null deletes a file, a value replaces it atomically;
   * `checkReschedule` sets checkstatus time to 0 as `sc reschedule` does),
   * appends the patch's history records, and returns the new state. An empty
   * patch writes nothing. After a change of state files (also one that
   * failed half-way) a notice is left for the daemon unless options.notify is
   * false; history alone needs none. `fn` must be quick: never run a module or
   * transmit while holding the lock. Failures: StateError
   * (SURVIVOR_STATE_LOCKED, _IO, _BAD_NAME, SURVIVOR_HISTORY_IO — history is
   * appended after the state files), or whatever `fn` throws (nothing written).
   */
  async update(
    service: string,
    host: string,
    fn: (state: StoredAlertState) => Promise<AlertPatch> | AlertPatch,
    options: UpdateOptions = {},
  ): Promise<StoredAlertState> {
    let changed = false;
    const locked = this.store.withPairLock(service, host, async () => {
      const current = await this.readPairState(service, host);
      const patch = await fn(current);
      const writes = patchWrites(patch);
      const where = { service, host };
      // From here on something may be written: the daemon hears of it even if a later step fails.
      changed = writes.length > 0 || patch.checkReschedule === true;
      for (const [name, record] of writes) {
        const path = this.ctx.paths.pairFile(service, host, name);
        if (record === null) await removeStateFile(path, where);
        else await writeFileAtomically(path, alertFileText(record), this.ctx.fsync, where);
      }
      let checkstatus = current.checkstatus;
      if (patch.checkReschedule === true) {
        checkstatus = { ...(current.checkstatus ?? NOT_YET), time: 0 };
        await writeFileAtomically(this.ctx.paths.checkStatus(service, host), JSON.stringify(checkstatus) + '\n', this.ctx.fsync, where);
      }
      const history = this.store.history;
      for (const r of patch.history?.alert ?? []) await history.appendAlert(service, host, r);
      for (const r of patch.history?.fix ?? []) await history.appendFix(service, host, r);
      for (const r of patch.history?.command ?? []) await history.appendCommand(service, host, r);
      return applyToState(current, patch, checkstatus);
    });
    try {
      return await locked;
    } finally {
      if (changed && options.notify !== false) await this.store.notify(service, host);
    }
  }

  /** Removes alertstatus, acknowledge, escalate, token and fixstatus (never noalert), under the pair lock. */
  async clearAlertState(service: string, host: string, options: UpdateOptions = {}): Promise<StoredAlertState> {
    return this.update(service, host, () => CLEAR_ALERT_STATE, options);
  }

  /** A fresh reply token (Q–Z then 9 digits); store it with update({ token }). */
  newToken(): string {
    return newToken();
  }

  /** A call list's status and substitutions (pass `aliasOf ?? name`). Takes no lock. */
  async readCallList(name: string): Promise<CallListFiles> {
    return readCallListFiles(this.callListDeps(), name, this.onCorrupt);
  }

  /** Read-modify-write of a call list's state under its lock; returns the new state (see updateCallListFiles). */
  async updateCallList(name: string, fn: (current: CallListFiles) => Promise<CallListPatch> | CallListPatch): Promise<CallListFiles> {
    return updateCallListFiles(this.callListDeps(), name, fn, this.onCorrupt);
  }

  /** Takes a fix lock (reference 5.13); see acquireFixLock for conflicts, expiry and release. */
  async acquireFixLock(req: FixLockRequest): Promise<FixLockResult> {
    const fixDir = join(this.ctx.paths.root, 'fix');
    return acquireFixLock(
      {
        locksDir: this.ctx.paths.fixLocksDir,
        clock: this.ctx.clock,
        withGuard: (fn) => this.locks.withLock(join(fixDir, 'lock'), { service: 'fix', host: 'locks' }, fn),
      },
      req,
    );
  }

  private callListDeps(): { calllistRoot: string; fsync: boolean; locks: PairLock } {
    return { calllistRoot: this.ctx.paths.calllistRoot, fsync: this.ctx.fsync, locks: this.locks };
  }
}

function parsedCheckStatus(text: string): { record: CheckStatus; problem?: undefined } | { record?: undefined; problem: string } {
  const parsed = parseCheckStatus(text);
  return parsed.status !== undefined ? { record: parsed.status } : { problem: parsed.problem };
}

