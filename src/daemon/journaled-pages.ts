import type { Logger } from 'pino';
import type { AlertRecipient, AlertStatus } from '../alert/pair-alert-state.js';
import type { Outbox } from '../delivery/outbox.js';
import type { OutboxEntry } from '../delivery/outbox-entry.js';
import type { HistoryStore } from '../history/history-store.js';
import type { AlertStore } from '../state/alert-store.js';
import { pairKey } from '../domain/names.js';

export interface JournaledPagesDeps {
  readonly outbox: Outbox;
  readonly alerts: AlertStore;
  readonly history: HistoryStore;
  /** Is the pair still configured? (A removed pair has no state directory to lock.) */
  readonly configured: (service: string, host: string) => boolean;
  readonly log: Logger;
}

/**
 * Start-up, before delivery: finishes the alert attempts a scheduler killed
 * between journaling a page and recording it in alertstatus (alert-job.ts
 * does both under the pair lock, journal first). The page is in the outbox;
 * without this the episode would start over (the next pass finds the page
 * journaled and does not resend it, so only the count suffers) or, if the
 * check recovered meanwhile, never get its clear notice. A page whose episode
 * was cleared since (a clear journaled or sent after it) is left alone.
 * Returns the pairs whose alertstatus was recorded.
 */
export async function recordJournaledPages(deps: JournaledPagesDeps): Promise<number> {
  const pages = new Map<string, OutboxEntry[]>();
  const clears = new Map<string, number>();
  for (const e of await deps.outbox.list()) {
    const key = pairKey(e.service, e.host);
    if (e.message.clear) clears.set(key, Math.max(clears.get(key) ?? 0, e.created));
    else if (e.try !== undefined && deps.configured(e.service, e.host)) {
      const list = pages.get(key);
      if (list === undefined) pages.set(key, [e]);
      else list.push(e);
    }
  }
  let recorded = 0;
  for (const [key, entries] of pages) {
    const attempt = Math.max(...entries.map((e) => e.try ?? 0));
    const latest = entries.filter((e) => e.try === attempt);
    const first = latest[0] as OutboxEntry;
    const created = Math.min(...latest.map((e) => e.created));
    if ((clears.get(key) ?? 0) >= created || (await clearedSince(deps.history, first, created))) continue;
    let wrote = false;
    await deps.alerts.update(
      first.service,
      first.host,
      (current) => {
        const prev = current.alertstatus;
        if (prev !== undefined && prev.stub !== true && prev.instances >= attempt) return {};
        const status: AlertStatus = {
          version: 1,
          rc: first.message.rc,
          comment: first.message.comment,
          instances: attempt,
          time: created,
          since: prev !== undefined && prev.since > 0 ? prev.since : created,
          recipients: latest.map((e): AlertRecipient => ({ alert: e.message.alert, addresses: e.message.addresses, callLists: e.message.callLists, rc: 0 })),
        };
        wrote = true;
        return { alertstatus: status, ...(current.token === undefined && first.message.token !== '' ? { token: first.message.token } : {}) };
      },
      { notify: false },
    );
    if (wrote) {
      recorded++;
      deps.log.warn({ service: first.service, host: first.host, attempt }, 'alert journaled before a crash recorded in alertstatus');
    }
  }
  return recorded;
}

async function clearedSince(history: HistoryStore, page: OutboxEntry, created: number): Promise<boolean> {
  for await (const r of history.readAlert(page.service, page.host, { reverse: true, limit: 20, from: created })) if (r.clear) return true;
  return false;
}
