import assert from 'node:assert/strict';
import { appendFile, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NOT_YET } from '../../src/state/check-status.js';
import { makeStore } from './store-fixture.js';

const pairs = (...names: string[]) => names.map((n) => ({ service: n.split('@')[0] ?? '', host: n.split('@')[1] ?? '' }));
const checks = (...names: string[]) => new Map(names.map((n) => [n, {}]));
const classes = (...hosts: string[]) => new Map(hosts.map((h) => [h, 'servers']));

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('reconcileState', () => {
  it('creates the skeleton, pair directories and a NOT_YET checkstatus for every configured pair', async () => {
    const { store, stateDir, historyDir } = await makeStore();
    const report = await store.reconcile({ pairs: pairs('ping@a', 'ping@b', 'disk@a'), checks: checks('ping', 'disk'), hostClass: classes('a', 'b') });
    assert.equal(report.created, 3);
    assert.deepEqual((await readdir(stateDir)).sort(), ['calllist', 'fix', 'host', 'notices', 'running', 'service']);
    assert.deepEqual(await readdir(join(stateDir, 'fix')), ['locks']);
    assert.deepEqual((await readdir(join(stateDir, 'service'))).sort(), ['disk', 'ping']);
    assert.deepEqual(JSON.parse(await readFile(join(stateDir, 'host/a/disk/checkstatus'), 'utf8')), NOT_YET);
    assert.deepEqual(await store.readCheckStatus('ping', 'b'), NOT_YET);
    for (const p of ['host/a/ping', 'host/a/disk', 'host/b/ping']) assert.ok(await exists(join(historyDir, p)), p);
  });

  it('is idempotent and never overwrites existing state', async () => {
    const { store } = await makeStore();
    const config = { pairs: pairs('ping@a', 'ping@b') };
    await store.reconcile(config);
    const recorded = await store.recordResult('ping', { result: { host: 'a', rc: 1, scalar: 0, comment: 'down', duration: 5 }, startedAt: 10 });
    const again = await store.reconcile(config);
    assert.deepEqual([again.created, again.prunedHosts, again.prunedPairs, again.prunedServices, again.repaired], [0, [], [], [], []]);
    assert.deepEqual(await store.readCheckStatus('ping', 'a'), recorded);
  });

  it('prunes the state of pairs, hosts and services no longer configured, but never their history', async () => {
    const { store, stateDir, historyDir } = await makeStore();
    await store.reconcile({ pairs: pairs('ping@a', 'disk@a', 'ping@gone'), checks: checks('ping', 'disk') });
    await store.recordResult('disk', { result: { host: 'a', rc: 0, scalar: 0, comment: '', duration: 1 }, startedAt: 1 });
    await store.recordResult('ping', { result: { host: 'gone', rc: 0, scalar: 0, comment: '', duration: 1 }, startedAt: 1 });
    const report = await store.reconcile({ pairs: pairs('ping@a'), checks: checks('ping'), hostClass: classes('a', 'idle') });
    assert.deepEqual(report.prunedHosts, ['gone']);
    assert.deepEqual(report.prunedPairs, [{ service: 'disk', host: 'a' }]);
    assert.deepEqual(report.prunedServices, ['disk']);
    assert.deepEqual(await readdir(join(stateDir, 'host/a')), ['ping']);
    assert.equal(await exists(join(stateDir, 'host/gone')), false);
    assert.ok(await exists(join(stateDir, 'host/idle')), 'a classed host without pairs keeps its directory');
    assert.ok(await exists(join(historyDir, 'host/a/disk/checkhistory')));
    assert.ok(await exists(join(historyDir, 'host/gone/ping/checkhistory')));
  });

  it('cuts torn last lines off configured pairs and leaves history of other pairs alone', async () => {
    const { store, historyDir } = await makeStore();
    await store.reconcile({ pairs: pairs('ping@a', 'ping@old') });
    for (const host of ['a', 'old']) {
      await store.recordResult('ping', { result: { host, rc: 0, scalar: 0, comment: 'ok', duration: 1 }, startedAt: 1 });
      await appendFile(join(historyDir, `host/${host}/ping/checkhistory`), '{"time":2,"rc":0,"sca');
      await appendFile(join(historyDir, `host/${host}/ping/commandhistory`), '{"time":2}\n{"ti');
    }
    const report = await store.reconcile({ pairs: pairs('ping@a') });
    assert.deepEqual(report.repaired, [{ service: 'ping', host: 'a', bytes: 21 + 4 }]);
    assert.match(await readFile(join(historyDir, 'host/a/ping/checkhistory'), 'utf8'), /^\{[^\n]*\}\n$/);
    assert.equal(await readFile(join(historyDir, 'host/a/ping/commandhistory'), 'utf8'), '{"time":2}\n');
    assert.match(await readFile(join(historyDir, 'host/old/ping/checkhistory'), 'utf8'), /"sca$/);
  });
});
