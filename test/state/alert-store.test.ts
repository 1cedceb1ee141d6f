import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Acknowledgement, AlertStatus, Escalation, FixStatus, Inhibition } from '../../src/alert/pair-alert-state.js';
import { AlertStore } from '../../src/state/alert-store.js';
import { isTokenShaped } from '../../src/state/new-token.js';
import type { StateError } from '../../src/state/state-error.js';
import type { StoreFixture } from './store-fixture.js';
import { makeStore } from './store-fixture.js';

const ALERTED: AlertStatus = {
  version: 1,
  rc: 1,
  comment: 'Connection refused',
  instances: 2,
  time: 1_700_000_060_000,
  since: 1_700_000_000_000,
  recipients: [{ alert: 'mail', addresses: ['a@example.org'], callLists: ['oncall'], rc: 0 }],
};
const ACK: Acknowledgement = { version: 1, who: 'alice', comment: 'disk replaced', time: 1_700_000_100_000, expires: 1_700_007_300_000 };
const INHIBIT: Inhibition = { version: 1, who: 'bob', comment: 'maintenance', time: 1_700_000_110_000 };
const ESCALATED: Escalation = { version: 1, level: 3, who: 'carol', time: 1_700_000_120_000 };
const FIXED: FixStatus = { version: 1, who: 'survivor', instances: 1, rc: 0, comment: 'restarted httpd', time: 1_700_000_130_000, since: 1_700_000_130_000 };

async function alertStore(): Promise<StoreFixture & { alerts: AlertStore }> {
  const f = await makeStore();
  return { ...f, alerts: new AlertStore(f.store) };
}

function pairFile(stateDir: string, file: string): string {
  return join(stateDir, 'host', 'h1', 'svc', file);
}

describe('AlertStore pair state', () => {
  it('reads a pair without any files as empty state', async () => {
    const { alerts } = await alertStore();
    assert.deepEqual(await alerts.readPairState('svc', 'h1'), {});
  });

  it('writes every alerting file and reads back exactly what was written', async () => {
    const { alerts, stateDir } = await alertStore();
    const written = await alerts.update('svc', 'h1', () => ({ alertstatus: ALERTED, acknowledge: ACK, noalert: INHIBIT, escalate: ESCALATED, fixstatus: FIXED, token: 'R384756102' }));
    const read = await alerts.readPairState('svc', 'h1');
    assert.deepEqual(read, { alertstatus: ALERTED, acknowledge: ACK, noalert: INHIBIT, escalate: ESCALATED, fixstatus: FIXED, token: 'R384756102' });
    assert.deepEqual(written, read, 'update returns the new state');
    assert.deepEqual(JSON.parse(await readFile(pairFile(stateDir, 'token'), 'utf8')), { version: 1, token: 'R384756102' });
    assert.match(await readFile(pairFile(stateDir, 'alertstatus'), 'utf8'), /^\{"version":1,.*\}\n$/);
  });

  it('writes a stub alertstatus with its flag and reads it back', async () => {
    const { alerts } = await alertStore();
    const stub: AlertStatus = { version: 1, rc: 2, comment: 'warn', instances: 0, time: 0, since: 0, recipients: [], stub: true };
    await alerts.update('svc', 'h1', () => ({ alertstatus: stub }));
    assert.deepEqual((await alerts.readPairState('svc', 'h1')).alertstatus, stub);
  });

  it('deletes a file for null and leaves files the patch does not name alone', async () => {
    const { alerts, stateDir } = await alertStore();
    await alerts.update('svc', 'h1', () => ({ alertstatus: ALERTED, acknowledge: ACK }));
    const next = await alerts.update('svc', 'h1', () => ({ acknowledge: null }));
    assert.deepEqual(next, { alertstatus: ALERTED });
    assert.deepEqual(await alerts.readPairState('svc', 'h1'), { alertstatus: ALERTED });
    assert.ok(!(await readdir(join(stateDir, 'host', 'h1', 'svc'))).includes('acknowledge'));
    await alerts.update('svc', 'h1', () => ({ acknowledge: null }));
  });

  it('clears alert state but keeps the inhibition and the check status', async () => {
    const { alerts, store } = await alertStore();
    await store.trip('svc', 'h1', 1, 'down');
    await alerts.update('svc', 'h1', () => ({ alertstatus: ALERTED, acknowledge: ACK, noalert: INHIBIT, escalate: ESCALATED, fixstatus: FIXED, token: 'S000000001' }));
    const cleared = await alerts.clearAlertState('svc', 'h1');
    const read = await alerts.readPairState('svc', 'h1');
    assert.deepEqual(Object.keys(read).sort(), ['checkstatus', 'noalert']);
    assert.deepEqual(read.noalert, INHIBIT);
    assert.deepEqual(cleared, read);
  });

  it('reschedules the check under the same lock: time 0, rc and instances kept', async () => {
    const { alerts, store } = await alertStore();
    await store.trip('svc', 'h1', 1, 'down');
    await store.trip('svc', 'h1', 1, 'down');
    const next = await alerts.update('svc', 'h1', () => ({ noalert: null, checkReschedule: true }));
    const status = await store.readCheckStatus('svc', 'h1');
    assert.deepEqual([status?.time, status?.rc, status?.instances, status?.comment], [0, 1, 2, 'down']);
    assert.deepEqual(next.checkstatus, status);
  });

  it('appends the patch history records under the lock, after the files', async () => {
    const { alerts, store } = await alertStore();
    await alerts.update('svc', 'h1', () => ({
      fixstatus: FIXED,
      history: {
        alert: [{ time: 5, rc: 0, checkRc: 1, addresses: ['a@x'], alert: 'mail', callLists: ['oncall'], clear: false, try: 1 }],
        fix: [{ time: 6, rc: 0, comment: 'restarted', who: 'alice', duration: 120 }],
        command: [{ time: 7, command: 'fix', who: 'alice', comment: '(no reason given)' }],
      },
    }));
    const all = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
      const out: T[] = [];
      for await (const r of it) out.push(r);
      return out;
    };
    assert.deepEqual(await all(store.history.readAlert('svc', 'h1')), [{ time: 5, rc: 0, checkRc: 1, addresses: ['a@x'], alert: 'mail', callLists: ['oncall'], clear: false, try: 1 }]);
    assert.deepEqual(await all(store.history.readFix('svc', 'h1')), [{ time: 6, rc: 0, comment: 'restarted', who: 'alice', duration: 120 }]);
    assert.deepEqual(await all(store.history.readCommand('svc', 'h1')), [{ time: 7, command: 'fix', who: 'alice', comment: '(no reason given)' }]);
  });

  it('leaves a notice after a change, none for an empty patch, and none when asked not to', async () => {
    const { alerts, store } = await alertStore();
    await alerts.update('svc', 'h1', () => ({}));
    assert.deepEqual(await store.takeNotices(), []);
    await alerts.update('svc', 'h1', () => ({ noalert: INHIBIT }));
    assert.deepEqual((await store.takeNotices()).map((n) => `${n.service}@${n.host}`), ['svc@h1']);
    await alerts.update('svc', 'h1', () => ({ noalert: null }), { notify: false });
    assert.deepEqual(await store.takeNotices(), []);
  });

  it('writes nothing when the update function throws', async () => {
    const { alerts } = await alertStore();
    await assert.rejects(
      alerts.update('svc', 'h1', () => {
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.deepEqual(await alerts.readPairState('svc', 'h1'), {});
  });

  it('treats corrupt files as absent, reports each one, and overwrites them on the next write', async () => {
    const reports: StateError[] = [];
    const f = await makeStore();
    const alerts = new AlertStore(f.store, { onCorrupt: (e) => reports.push(e) });
    await mkdir(join(f.stateDir, 'host', 'h1', 'svc'), { recursive: true });
    await writeFile(pairFile(f.stateDir, 'acknowledge'), '{"version":1,"who":"alice"');
    await writeFile(pairFile(f.stateDir, 'escalate'), '{"version":2,"level":1,"who":"x","time":1}\n');
    await writeFile(pairFile(f.stateDir, 'noalert'), '');
    await writeFile(pairFile(f.stateDir, 'alertstatus'), JSON.stringify({ ...ALERTED, recipients: [{ alert: 'mail' }] }));
    assert.deepEqual(await alerts.readPairState('svc', 'h1'), {});
    assert.deepEqual(reports.map((r) => r.code), ['SURVIVOR_STATE_CORRUPT', 'SURVIVOR_STATE_CORRUPT', 'SURVIVOR_STATE_CORRUPT']);
    assert.ok(reports.every((r) => r.service === 'svc' && r.host === 'h1' && r.path !== undefined));
    assert.match(reports.map((r) => r.message).join('\n'), /unsupported version 2/);
    await alerts.update('svc', 'h1', () => ({ acknowledge: ACK }));
    assert.deepEqual((await alerts.readPairState('svc', 'h1')).acknowledge, ACK);
  });

  it('refuses names that could leave the state tree', async () => {
    const { alerts } = await alertStore();
    await assert.rejects(alerts.readPairState('..', 'h1'), { code: 'SURVIVOR_STATE_BAD_NAME' });
    await assert.rejects(alerts.update('svc', 'a/b', () => ({})), { code: 'SURVIVOR_STATE_BAD_NAME' });
    await assert.rejects(alerts.readCallList('../x'), { code: 'SURVIVOR_STATE_BAD_NAME' });
  });

  it('makes 1.0-shaped reply tokens: a letter Q-Z, then 9 digits, different each time', async () => {
    const { alerts } = await alertStore();
    const tokens = Array.from({ length: 2000 }, () => alerts.newToken());
    for (const t of tokens) assert.ok(isTokenShaped(t), t);
    assert.ok(new Set(tokens).size > 1990, 'random');
    assert.equal(new Set(tokens.map((t) => t[0])).size, 10, 'every first letter Q-Z occurs');
  });
});
