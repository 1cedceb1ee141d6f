import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pino from 'pino';
import { recordJournaledPages } from '../../src/daemon/journaled-pages.js';
import { Outbox } from '../../src/delivery/outbox.js';
import type { OutboxDraft } from '../../src/delivery/outbox-entry.js';
import { AlertStore } from '../../src/state/alert-store.js';
import { sampleMessage } from '../delivery/sample-alert.js';
import { makeStore } from '../state/store-fixture.js';

const PAGE_AT = 1_700_000_000_000;
const page = (host: string, attempt: number, alert = 'mail'): OutboxDraft => ({
  service: 'disk',
  host,
  format: 'full',
  transmit: 'mail',
  try: attempt,
  message: sampleMessage({ hosts: [host], alert, addresses: [`${alert}@example.org`], token: `R00000000${attempt}` }),
});
const clear = (host: string): OutboxDraft => ({ ...page(host, 1), try: undefined, message: sampleMessage({ hosts: [host], clear: true, rc: 0 }) });

async function fixture(): Promise<{ alerts: AlertStore; outbox: Outbox; run: (configured?: string[]) => Promise<number>; setNow: (t: number) => void }> {
  const f = await makeStore();
  await f.store.reconcile({ pairs: ['a', 'b', 'c', 'd', 'e'].map((host) => ({ service: 'disk', host })) });
  const alerts = new AlertStore(f.store);
  let now = PAGE_AT;
  const outbox = new Outbox(join(f.stateDir, 'outbox'), { fsync: false, now: () => now });
  const run = (configured = ['a', 'b', 'c', 'd', 'e']): Promise<number> =>
    recordJournaledPages({ outbox, alerts, history: f.store.history, configured: (_s, h) => configured.includes(h), log: pino({ level: 'silent' }) });
  return { alerts, outbox, run, setNow: (t) => (now = t) };
}

describe('recordJournaledPages (start-up after a crash)', () => {
  it('records in alertstatus a page journaled before a crash, with every method of its latest try', async () => {
    const { alerts, outbox, run } = await fixture();
    await outbox.enqueue(page('a', 1));
    await outbox.enqueue(page('a', 2));
    await outbox.enqueue(page('a', 2, 'sms'));
    assert.equal(await run(), 1);
    const state = await alerts.readPairState('disk', 'a');
    assert.equal(state.alertstatus?.instances, 2);
    assert.equal(state.alertstatus?.rc, 1);
    assert.equal(state.alertstatus?.since, PAGE_AT);
    assert.deepEqual(state.alertstatus?.recipients.map((r) => r.alert).sort(), ['mail', 'sms']);
    assert.equal(state.token, 'R000000002');
    assert.equal(await run(), 0, 'a second start-up finds it recorded');
  });

  it('leaves alone pages whose episode was cleared since, pairs already past that try, and pairs no longer configured', async () => {
    const { alerts, outbox, run, setNow } = await fixture();
    await outbox.enqueue(page('b', 1));
    await outbox.enqueue(page('c', 1));
    await outbox.enqueue(page('d', 1));
    await outbox.enqueue(page('e', 1));
    setNow(PAGE_AT + 5000);
    await outbox.enqueue(clear('b'));
    await alerts.update('disk', 'c', () => ({ history: { alert: [{ time: PAGE_AT + 4000, rc: 0, checkRc: 0, addresses: ['x@y'], alert: 'mail', callLists: [], clear: true }] } }));
    const recorded = { version: 1 as const, rc: 1, comment: 'full', instances: 3, time: PAGE_AT - 1, since: PAGE_AT - 9, recipients: [] };
    await alerts.update('disk', 'd', () => ({ alertstatus: recorded }));
    assert.equal(await run(['b', 'c', 'd']), 0);
    for (const host of ['b', 'c', 'e']) assert.equal((await alerts.readPairState('disk', host)).alertstatus, undefined, host);
    assert.deepEqual((await alerts.readPairState('disk', 'd')).alertstatus, recorded);
  });
});
