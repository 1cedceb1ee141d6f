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

describe('reconcileChange (reload)', () => {
  it('creates state for added pairs, prunes removed pairs, hosts and services, and leaves unchanged pairs alone', async () => {
    const { store, stateDir, historyDir } = await makeStore();
    const prev = { pairs: pairs('ping@a', 'disk@a', 'ping@gone'), checks: checks('ping', 'disk'), hostClass: classes('idle') };
    await store.reconcile(prev);
    const recorded = await store.recordResult('ping', { result: { host: 'a', rc: 1, scalar: 0, comment: 'down', duration: 5 }, startedAt: 10 });
    // Something the full pass would prune under an unchanged host: a reload that only adds and removes pairs does not look.
    await appendFile(join(stateDir, 'host/a/stray'), '');
    const report = await store.reconcileChange(prev, { pairs: pairs('ping@a', 'ping@new', 'http@a'), checks: checks('ping', 'http') });
    assert.equal(report.created, 2);
    assert.deepEqual([...report.prunedHosts].sort(), ['gone', 'idle']);
    assert.deepEqual(report.prunedPairs, [{ service: 'disk', host: 'a' }]);
    assert.deepEqual(report.prunedServices, ['disk']);
    assert.deepEqual((await readdir(join(stateDir, 'host/a'))).sort(), ['http', 'ping', 'stray']);
    assert.deepEqual((await readdir(join(stateDir, 'host'))).sort(), ['a', 'new']);
    assert.deepEqual((await readdir(join(stateDir, 'service'))).sort(), ['http', 'ping']);
    assert.deepEqual(await store.readCheckStatus('ping', 'new'), NOT_YET);
    assert.deepEqual(await store.readCheckStatus('http', 'a'), NOT_YET);
    assert.deepEqual(await store.readCheckStatus('ping', 'a'), recorded);
    for (const p of ['host/a/http', 'host/new/ping', 'host/gone/ping', 'host/a/disk']) assert.ok(await exists(join(historyDir, p)), p);
  });

  it('cuts torn tails off a pair configured again, and changes nothing when nothing changed', async () => {
    const { store, historyDir } = await makeStore();
    const both = { pairs: pairs('ping@a', 'ping@b') };
    const onlyA = { pairs: pairs('ping@a') };
    await store.reconcile(both);
    await store.recordResult('ping', { result: { host: 'b', rc: 0, scalar: 0, comment: 'ok', duration: 1 }, startedAt: 1 });
    await store.reconcileChange(both, onlyA);
    await appendFile(join(historyDir, 'host/b/ping/checkhistory'), '{"time":2,"rc":0,"sca');
    const back = await store.reconcileChange(onlyA, both);
    assert.deepEqual([back.created, back.repaired], [1, [{ service: 'ping', host: 'b', bytes: 21 }]]);
    assert.match(await readFile(join(historyDir, 'host/b/ping/checkhistory'), 'utf8'), /^\{[^\n]*\}\n$/);
    const same = await store.reconcileChange(both, both);
    assert.deepEqual([same.created, same.prunedHosts, same.prunedPairs, same.prunedServices, same.repaired], [0, [], [], [], []]);
  });
});
