import type { Config } from '../config/config-model.js';
import { resolveCallList } from '../alert/resolve-call-list.js';
import type { AlertStore } from '../state/alert-store.js';

/** Addresses reached through one alert method, and the lists they came from. */
export interface RecipientGroup {
  readonly alert: string;
  readonly addresses: string[];
  readonly callLists: string[];
}

/**
 * Resolves call lists to recipients grouped by alert method (reference 5.9),
 * advancing simple and rotating lists under their lock. Aliases share the
 * state of the list they alias and reach people through their own method.
 */
export async function resolveRecipients(config: Config, alerts: AlertStore, lists: readonly string[], now: number): Promise<RecipientGroup[]> {
  const groups = new Map<string, RecipientGroup>();
  for (const name of [...new Set(lists)]) {
    const list = config.alerting.callLists.get(name);
    if (list === undefined) continue;
    const rotation = list.rotation !== undefined ? config.schedules.get(list.rotation) : undefined;
    const resolve = (status: Parameters<typeof resolveCallList>[0]['state'], substitutions: Parameters<typeof resolveCallList>[0]['substitutions']) =>
      resolveCallList({ list, persons: config.alerting.persons, state: status, substitutions, ...(rotation !== undefined ? { rotation } : {}), now });
    let recipients;
    if (list.mode === 'broadcast') {
      recipients = resolve(undefined, []).recipients;
    } else {
      let resolved: ReturnType<typeof resolveCallList> | undefined;
      await alerts.updateCallList(list.aliasOf ?? name, (files) => {
        resolved = resolve(files.status, files.substitutions);
        return resolved.changed ? { status: resolved.nextState } : {};
      });
      recipients = resolved?.recipients ?? [];
    }
    for (const r of recipients) {
      const group = groups.get(r.alert) ?? { alert: r.alert, addresses: [], callLists: [] };
      if (!group.addresses.includes(r.address)) group.addresses.push(r.address);
      if (!group.callLists.includes(name)) group.callLists.push(name);
      groups.set(r.alert, group);
    }
  }
  return [...groups.values()];
}
