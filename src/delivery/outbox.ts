import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readTextIfExists, writeFileAtomically } from '../state/atomic-file.js';
import { errnoCode, ioError } from '../state/state-error.js';
import type { DeliveryOutcome, OutboxDraft, OutboxEntry } from './outbox-entry.js';
import { ENTRY_ID_RE, newEntryId, readOutboxEntry } from './outbox-entry.js';

export interface OutboxOptions {
  /** fsync entries (and the directory) before relying on them: instance.cf `state fsync`. */
  readonly fsync: boolean;
  /** Epoch ms; default Date.now. */
  readonly now?: () => number;
  /** Told about an unreadable entry file, which is renamed to <file>.corrupt and skipped. */
  readonly onCorrupt?: (path: string, reason: string) => void;
}

/**
 * The delivery journal: one JSON file per message, <dir>/<id>.json, each
 * replaced atomically, so a crash at any point leaves every entry in its last
 * written state. One Deliverer owns the entries once they exist; the alert
 * worker only enqueues.
 *
 * Methods taking an id resolve with the rewritten entry, or undefined when it
 * no longer exists. I/O failures reject with StateError SURVIVOR_STATE_IO.
 */
export class Outbox {
  private readonly now: () => number;

  constructor(
    readonly dir: string,
    private readonly options: OutboxOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Journals a new message in state pending (the directory is created when missing). */
  async enqueue(draft: OutboxDraft): Promise<OutboxEntry> {
    const created = this.now();
    const entry: OutboxEntry = { version: 1, id: newEntryId(created), state: 'pending', attempts: 0, created, ...draft };
    await this.write(entry);
    return entry;
  }

  /** The entry with this id, or undefined when there is none (or it is unreadable). */
  async read(id: string): Promise<OutboxEntry | undefined> {
    const text = await readTextIfExists(this.path(id));
    if (text === undefined) return undefined;
    const entry = this.parse(this.path(id), text);
    return typeof entry === 'string' ? undefined : entry;
  }

  /** Before a transmit attempt: state sending, attempts + 1. */
  markSending(id: string): Promise<OutboxEntry | undefined> {
    return this.update(id, (e) => ({ ...e, state: 'sending', attempts: e.attempts + 1 }));
  }

  /** After a temporary failure: state pending, no attempt before `nextAttempt` (epoch ms). */
  reschedule(id: string, nextAttempt: number, lastError: string): Promise<OutboxEntry | undefined> {
    return this.update(id, (e) => ({ ...e, state: 'pending', nextAttempt, lastError }));
  }

  /**
   * Recovery of an entry found in state sending with no transmit running (the
   * daemon died during one): pending again, its message marked as a possible
   * duplicate, due at once.
   */
  markDuplicate(id: string): Promise<OutboxEntry | undefined> {
    return this.update(id, ({ nextAttempt: _, ...e }) => ({ ...e, state: 'pending', message: { ...e.message, duplicate: true } }));
  }

  /** After the final outcome is known and before it is recorded: state done with `result`. */
  markDone(id: string, result: DeliveryOutcome): Promise<OutboxEntry | undefined> {
    return this.update(id, (e) => ({ ...e, state: 'done', result }));
  }

  /** Removes the entry once its outcome is recorded; a missing entry is fine. */
  async complete(id: string): Promise<void> {
    try {
      await unlink(this.path(id));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return;
      throw ioError('cannot remove outbox entry', err, { path: this.path(id) });
    }
    if (this.options.fsync) await this.syncDir();
  }

  /** Every entry, oldest first; a missing directory is an empty outbox. */
  async list(): Promise<OutboxEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return [];
      throw ioError('cannot list the outbox', err, { path: this.dir });
    }
    const ids = names.filter((n) => n.endsWith('.json') && ENTRY_ID_RE.test(n.slice(0, -5))).map((n) => n.slice(0, -5)).sort();
    const entries: OutboxEntry[] = [];
    for (const id of ids) {
      const path = this.path(id);
      const text = await readTextIfExists(path);
      if (text === undefined) continue; // completed meanwhile
      const entry = this.parse(path, text);
      if (typeof entry === 'string') await this.quarantine(path, entry);
      else entries.push(entry);
    }
    return entries;
  }

  private async update(id: string, change: (entry: OutboxEntry) => OutboxEntry): Promise<OutboxEntry | undefined> {
    const current = await this.read(id);
    if (current === undefined) return undefined;
    const next = change(current);
    await this.write(next);
    return next;
  }

  private write(entry: OutboxEntry): Promise<void> {
    return writeFileAtomically(this.path(entry.id), `${JSON.stringify(entry)}\n`, this.options.fsync);
  }

  private parse(path: string, text: string): OutboxEntry | string {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      return `not JSON (${err instanceof Error ? err.message : String(err)})`;
    }
    const entry = readOutboxEntry(doc);
    if (typeof entry !== 'string' && `${entry.id}.json` !== basename(path)) return 'id does not match the file name';
    return entry;
  }

  private async quarantine(path: string, reason: string): Promise<void> {
    await rename(path, `${path}.corrupt`).catch(() => undefined);
    this.options.onCorrupt?.(path, reason);
  }

  private path(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private async syncDir(): Promise<void> {
    try {
      const handle = await open(this.dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw ioError('cannot fsync the outbox directory', err, { path: this.dir });
    }
  }
}
