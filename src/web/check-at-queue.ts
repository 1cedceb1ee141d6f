/**
 * "Schedule a check at a chosen time" (SPEC §8): requests kept in
 * <statedir>/web/checkat.json and carried out by the web monitor's polling
 * round (inside ss, or any sw), which reschedules the pair — through the
 * state code, with a commandhistory record by the requesting user — once the
 * time has come; a running ss then checks it at once. A request survives
 * restarts; while no monitor runs, it waits.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { StateStore } from '../state/state-store.js';

export interface CheckAtRequest {
  readonly service: string;
  readonly host: string;
  /** Epoch ms when the check is wanted. */
  readonly at: number;
  readonly who: string;
  readonly comment: string;
}

export class CheckAtQueue {
  private readonly file: string;
  /** Serialises this process's read-modify-write of the file. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    dir: string,
    private readonly store: StateStore,
    private readonly clock: () => number,
  ) {
    this.file = join(dir, 'checkat.json');
  }

  /** Adds a request. Rejects on I/O errors. */
  add(request: CheckAtRequest): Promise<void> {
    return this.change((list) => [...list, request].sort((a, b) => a.at - b.at));
  }

  /** The pending requests, optionally of one pair, soonest first. */
  async pending(service?: string, host?: string): Promise<CheckAtRequest[]> {
    return (await this.read()).filter((r) => (service === undefined || r.service === service) && (host === undefined || r.host === host));
  }

  /**
   * Reschedules every pair whose time has come and forgets those requests;
   * returns how many ran. A pair that cannot be rescheduled now (locked) stays
   * queued for the next round. Never rejects.
   */
  async runDue(): Promise<number> {
    let ran = 0;
    await this.change(async (list) => {
      const now = this.clock();
      const keep: CheckAtRequest[] = [];
      for (const r of list) {
        if (r.at > now) {
          keep.push(r);
          continue;
        }
        try {
          await this.store.reschedule(r.service, r.host, { who: r.who, comment: `check at ${new Date(r.at).toISOString()}${r.comment === '' ? '' : `: ${r.comment}`}` });
          ran++;
        } catch {
          keep.push(r);
        }
      }
      return keep;
    }).catch(() => undefined);
    return ran;
  }

  private change(fn: (list: CheckAtRequest[]) => CheckAtRequest[] | Promise<CheckAtRequest[]>): Promise<void> {
    const next = this.chain.then(async () => {
      const list = await this.read();
      const updated = await fn(list);
      if (JSON.stringify(updated) !== JSON.stringify(list)) await writeFileAtomic(this.file, JSON.stringify(updated) + '\n', { mode: 0o600 });
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<CheckAtRequest[]> {
    try {
      const value = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      return Array.isArray(value) ? (value as CheckAtRequest[]).filter(isRequest) : [];
    } catch {
      return [];
    }
  }
}

function isRequest(v: CheckAtRequest): boolean {
  return typeof v === 'object' && v !== null && typeof v.service === 'string' && typeof v.host === 'string' && Number.isSafeInteger(v.at) && typeof v.who === 'string' && typeof v.comment === 'string';
}
