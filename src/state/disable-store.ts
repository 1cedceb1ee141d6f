/**
 * The `disabled` file of a pair (docs/state.md): an operator took the pair out
 * of monitoring (`sc disable`) or paused it (`sc pause`, optionally until a
 * time). While such a record is in force the scheduler neither checks nor
 * alerts the pair; its other state is left as it was.
 */
import type { CommandHistoryRecord } from '../history/history-record.js';
import type { Parsed } from './alert-file-formats.js';
import { readTextIfExists, writeFileAtomically } from './atomic-file.js';
import { mapConcurrent } from './map-concurrent.js';
import { parseCheckStatus } from './parse-check-status.js';
import type { CorruptReport } from './read-state-file.js';
import { readStateFile, removeStateFile } from './read-state-file.js';
import { integer, parseRecord, text } from './record-shape.js';
import type { PairKey, StateStore, StoreContext } from './state-store.js';

export type DisableMode = 'disabled' | 'paused';

/** Content of <statedir>/host/<h>/<s>/disabled. Times epoch ms. */
export interface PairDisable {
  readonly version: 1;
  readonly mode: DisableMode;
  readonly who: string;
  readonly comment: string;
  /** When the operator disabled or paused the pair. */
  readonly time: number;
  /** Paused only: the pair resumes by itself at this instant. */
  readonly until?: number;
}

/** True while `record` keeps the pair from being checked and alerted at `now` (ms). Pure. */
export function disableInForce(record: PairDisable | undefined, now: number): boolean {
  if (record === undefined) return false;
  return record.mode === 'disabled' || record.until === undefined || now < record.until;
}

/** Parses the text of a `disabled` file. Pure; never throws. */
export function parsePairDisable(textValue: string): Parsed<PairDisable> {
  const parsed = parseRecord(textValue, [text('who'), text('comment'), integer('time'), integer('until', { optional: true })]);
  if (parsed.value === undefined) return { problem: parsed.problem };
  const v = parsed.value;
  if (v.mode !== 'disabled' && v.mode !== 'paused') return { problem: `mode must be "disabled" or "paused", got ${JSON.stringify(v.mode)}` };
  return {
    record: {
      version: 1,
      mode: v.mode,
      who: v.who as string,
      comment: v.comment as string,
      time: v.time as number,
      ...(v.until !== undefined ? { until: v.until as number } : {}),
    },
  };
}

/** What a change decided under the lock writes: the new record (null removes it), a reschedule, a commandhistory record. */
export interface DisablePatch {
  readonly disabled: PairDisable | null;
  /** Make the check due at once (checkstatus time 0, rc kept), as `sc uninhibit` does. */
  readonly reschedule?: boolean;
  readonly command?: CommandHistoryRecord;
}

/**
 * Reads and changes the `disabled` files, through the StateStore's pair lock,
 * atomic writer and notices, so a running ss re-reads the pair.
 */
export class DisableStore {
  private readonly store: StateStore;
  private readonly ctx: StoreContext;

  constructor(store: StateStore) {
    this.store = store;
    this.ctx = store.context;
  }

  /** The pair's record; missing, empty or corrupt (reported to `onCorrupt`) → undefined. Failures: SURVIVOR_STATE_IO, _BAD_NAME. */
  async read(service: string, host: string, onCorrupt?: CorruptReport): Promise<PairDisable | undefined> {
    return readStateFile(this.ctx.paths.pairFile(service, host, 'disabled'), parsePairDisable, { service, host }, onCorrupt);
  }

  /** read() for many pairs, 32 at a time, in input order; a pair that cannot be read counts as enabled. Never rejects. */
  async readAll(pairs: readonly PairKey[], onCorrupt?: CorruptReport): Promise<(PairDisable | undefined)[]> {
    return mapConcurrent(pairs, 32, (p) => this.read(p.service, p.host, onCorrupt).catch(() => undefined));
  }

  /**
   * Under the pair lock: reads the record, asks `decide` what to do (undefined:
   * nothing) and writes it — the record, then the reschedule, then the
   * commandhistory line — and leaves a notice. Returns what `decide` returned.
   * Failures: StateError (SURVIVOR_STATE_LOCKED, _IO, _BAD_NAME, SURVIVOR_HISTORY_IO), or what `decide` throws.
   */
  async update<T extends DisablePatch>(service: string, host: string, decide: (current: PairDisable | undefined) => T | undefined): Promise<T | undefined> {
    const where = { service, host };
    const path = this.ctx.paths.pairFile(service, host, 'disabled');
    const patch = await this.store.withPairLock(service, host, async () => {
      const p = decide(await readStateFile(path, parsePairDisable, where));
      if (p === undefined) return undefined;
      if (p.disabled === null) await removeStateFile(path, where);
      else await writeFileAtomically(path, JSON.stringify(p.disabled) + '\n', this.ctx.fsync, where);
      if (p.reschedule === true) {
        const statusPath = this.ctx.paths.checkStatus(service, host);
        const current = await readTextIfExists(statusPath, where);
        const status = current === undefined ? undefined : parseCheckStatus(current).status;
        if (status !== undefined) await writeFileAtomically(statusPath, JSON.stringify({ ...status, time: 0 }) + '\n', this.ctx.fsync, where);
      }
      if (p.command !== undefined) await this.store.history.appendCommand(service, host, p.command);
      return p;
    });
    if (patch !== undefined) await this.store.notify(service, host);
    return patch;
  }

  /** The scheduler: removes a pause whose `until` has passed (nothing else), without a notice. */
  async removeExpired(service: string, host: string, now: number): Promise<void> {
    const where = { service, host };
    const path = this.ctx.paths.pairFile(service, host, 'disabled');
    await this.store.withPairLock(service, host, async () => {
      const current = await readStateFile(path, parsePairDisable, where);
      if (current !== undefined && !disableInForce(current, now)) await removeStateFile(path, where);
    });
  }
}
