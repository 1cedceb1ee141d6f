import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CheckResult } from '../../src/domain/check-result.js';
import { STATE_ERROR_CODES, StateError } from '../../src/state/state-error.js';
import { makeStore } from './store-fixture.js';

const result = (host: string, rc: number, extra: Partial<CheckResult> = {}): CheckResult => ({ host, rc, scalar: 1, comment: 'fine', duration: 20, ...extra });

async function lines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  assert.ok(text.endsWith('\n'), 'history ends with a newline');
  return text.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
}

describe('StateStore: recording results', () => {
  it('writes checkstatus and appends one checkhistory line per result', async () => {
    const { store, stateDir, historyDir } = await makeStore();
    await store.recordResult('disk', { result: result('web1', 2, { comment: 'two\nlines', scalar: 91 }), startedAt: 1000, due: 990 });
    const status = await store.recordResult('disk', { result: result('web1', 2, { scalar: 92 }), startedAt: 2000, due: 1990 });
    assert.deepEqual(status, { version: 1, rc: 2, instances: 2, comment: 'fine', scalar: 92, time: 2000, since: 1000, duration: 20, due: 1990 });
    const onDisk = JSON.parse(await readFile(join(stateDir, 'host/web1/disk/checkstatus'), 'utf8')) as unknown;
    assert.deepEqual(onDisk, status);
    assert.deepEqual(await lines(join(historyDir, 'host/web1/disk/checkhistory')), [
      { time: 1000, rc: 2, scalar: 91, comment: 'two lines', duration: 20, due: 990 },
      { time: 2000, rc: 2, scalar: 92, comment: 'fine', duration: 20, due: 1990 },
    ]);
  });

  it('replaces checkstatus by rename (a new inode each time) and leaves no temporary files', async () => {
    const { store, stateDir } = await makeStore();
    const path = join(stateDir, 'host/h/s/checkstatus');
    await store.recordResult('s', { result: result('h', 0), startedAt: 1 });
    const first = (await stat(path)).ino;
    await store.recordResult('s', { result: result('h', 0), startedAt: 2 });
    assert.notEqual((await stat(path)).ino, first);
    assert.deepEqual((await readdir(join(stateDir, 'host/h/s'))).sort(), ['checkstatus']);
  });

  it('records a batch with outcomes in input order, results of one host in order', async () => {
    const { store } = await makeStore();
    const entries = [result('a', 1), result('b', 0), result('a', 1), result('bad/host', 0), result('a', 0)].map((r, i) => ({ result: r, startedAt: 100 + i }));
    const outcomes = await store.recordResults('ping', entries);
    assert.deepEqual(
      outcomes.map((o) => [o.host, o.status?.instances, o.error?.code]),
      [
        ['a', 1, undefined],
        ['b', 1, undefined],
        ['a', 2, undefined],
        ['bad/host', undefined, STATE_ERROR_CODES.BAD_NAME],
        ['a', 1, undefined],
      ],
    );
    assert.equal((await store.readCheckStatus('ping', 'a'))?.time, 104);
  });

  it('overwrites a corrupt checkstatus with a fresh first instance', async () => {
    const { store, stateDir } = await makeStore();
    await mkdir(join(stateDir, 'host/h/s'), { recursive: true });
    await writeFile(join(stateDir, 'host/h/s/checkstatus'), '{"version":1,"rc":');
    const status = await store.recordResult('s', { result: result('h', 1), startedAt: 5 });
    assert.equal(status.instances, 1);
    assert.deepEqual(await store.readCheckStatus('s', 'h'), status);
  });

  it('creates the directories of a pair that reconcile has not seen', async () => {
    const { store } = await makeStore();
    await store.recordResult('new', { result: result('fresh', 0), startedAt: 1 });
    assert.equal((await store.readCheckStatus('new', 'fresh'))?.rc, 0);
  });
});

describe('StateStore: reading', () => {
  it('reads an absent or empty checkstatus as undefined and a corrupt one as SURVIVOR_STATE_CORRUPT', async () => {
    const { store, stateDir } = await makeStore();
    assert.equal(await store.readCheckStatus('s', 'h'), undefined);
    await mkdir(join(stateDir, 'host/h/s'), { recursive: true });
    await writeFile(join(stateDir, 'host/h/s/checkstatus'), '');
    assert.equal(await store.readCheckStatus('s', 'h'), undefined);
    await writeFile(join(stateDir, 'host/h/s/checkstatus'), '{"version":1}');
    await assert.rejects(store.readCheckStatus('s', 'h'), (err: unknown) => {
      assert.ok(err instanceof StateError);
      assert.equal(err.code, STATE_ERROR_CODES.CORRUPT);
      assert.equal(err.service, 's');
      assert.match(err.message, /rc must be an integer/);
      return true;
    });
  });

  it('reads many pairs in order, reporting the unreadable ones without failing', async () => {
    const { store, stateDir } = await makeStore();
    await store.recordResult('s', { result: result('a', 0), startedAt: 1 });
    await store.recordResult('s', { result: result('c', 3), startedAt: 1 });
    await mkdir(join(stateDir, 'host/b/s'), { recursive: true });
    await writeFile(join(stateDir, 'host/b/s/checkstatus'), 'garbage');
    const failures: string[] = [];
    const read = await store.readAllCheckStatus(
      ['a', 'b', 'c', 'missing'].map((host) => ({ service: 's', host })),
      (err, pair) => failures.push(`${pair.host}:${err.code}`),
    );
    assert.deepEqual(read.map((s) => s?.rc), [0, undefined, 3, undefined]);
    assert.deepEqual(failures, [`b:${STATE_ERROR_CODES.CORRUPT}`]);
  });

  it('writes and reads the heartbeat with any JSON-able stats', async () => {
    const { store } = await makeStore({ clock: () => 777 });
    assert.equal(await store.readRunning('check'), undefined);
    await store.writeRunning('check', { pass: { start: 1, duration: 2, planned: 3, dispatched: 4 }, queued: 5, running: 6, counters: { ok: 7 }, extra: [1] });
    assert.deepEqual(await store.readRunning('check'), {
      version: 1,
      pid: process.pid,
      time: 777,
      pass: { start: 1, duration: 2, planned: 3, dispatched: 4 },
      queued: 5,
      running: 6,
      counters: { ok: 7 },
      extra: [1],
    });
  });
});

describe('StateStore: operator writes', () => {
  it('reschedules by setting time 0 and keeping rc, instances and comment, and leaves a notice', async () => {
    const { store, historyDir } = await makeStore({ clock: () => 5000 });
    await store.recordResult('http', { result: result('w', 1, { comment: 'down' }), startedAt: 100 });
    await store.recordResult('http', { result: result('w', 1, { comment: 'down' }), startedAt: 200 });
    const status = await store.reschedule('http', 'w', { who: 'alice', comment: 'try now' });
    assert.deepEqual({ ...status }, { version: 1, rc: 1, instances: 2, comment: 'down', scalar: 1, time: 0, since: 100, duration: 20 });
    assert.deepEqual(await store.readCheckStatus('http', 'w'), status);
    assert.deepEqual(await store.takeNotices(), [{ service: 'http', host: 'w', time: 5000 }]);
    assert.deepEqual(await lines(join(historyDir, 'host/w/http/commandhistory')), [{ time: 5000, command: 'reschedule', who: 'alice', comment: 'try now' }]);
  });

  it('reschedules a pair without state into a pending NOT_YET', async () => {
    const { store } = await makeStore();
    const status = await store.reschedule('s', 'h');
    assert.equal(status.rc, 7);
    assert.equal(status.time, 0);
  });

  it('trips through the normal result path with rc 1, the default comment and scalar 0', async () => {
    const { store, historyDir } = await makeStore({ clock: () => 9000 });
    await store.recordResult('dns', { result: result('ns', 0), startedAt: 100 });
    const status = await store.trip('dns', 'ns', undefined, undefined, 'bob');
    assert.deepEqual(status, { version: 1, rc: 1, instances: 1, comment: 'Alert manually tripped', scalar: 0, time: 9000, since: 9000, duration: -1 });
    const history = await lines(join(historyDir, 'host/ns/dns/checkhistory'));
    assert.deepEqual(history.at(-1), { time: 9000, rc: 1, scalar: 0, comment: 'Alert manually tripped', duration: -1 });
    assert.deepEqual(await lines(join(historyDir, 'host/ns/dns/commandhistory')), [{ time: 9000, command: 'trip', who: 'bob', comment: 'Alert manually tripped' }]);
    assert.equal((await store.takeNotices()).length, 1);
    const again = await store.trip('dns', 'ns', 20, 'site code');
    assert.deepEqual([again.rc, again.instances, again.comment], [20, 1, 'site code']);
  });
});

describe('StateStore: notices', () => {
  it('hands each notice out once, oldest first, and deletes what it consumed', async () => {
    let now = 1;
    const { store, stateDir } = await makeStore({ clock: () => now++ });
    await store.notify('a', 'h1');
    await store.notify('b', 'h2');
    assert.deepEqual(await store.takeNotices(), [
      { service: 'a', host: 'h1', time: 1 },
      { service: 'b', host: 'h2', time: 2 },
    ]);
    assert.deepEqual(await store.takeNotices(), []);
    assert.deepEqual(await readdir(join(stateDir, 'notices')), []);
  });

  it('skips and deletes garbage, and leaves a writer temporary file alone while it is fresh', async () => {
    const { store, stateDir } = await makeStore();
    const dir = join(stateDir, 'notices');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'junk.json'), 'not json');
    await writeFile(join(dir, '1-2-aaaaaaaaaaaa.json.0123456789ab.new'), '{"service":');
    await writeFile(join(dir, 'old.json.ba9876543210.new'), '{');
    const old = new Date(Date.now() - 3_600_000);
    await utimes(join(dir, 'old.json.ba9876543210.new'), old, old);
    assert.deepEqual(await store.takeNotices(), []);
    assert.deepEqual(await readdir(dir), ['1-2-aaaaaaaaaaaa.json.0123456789ab.new']);
  });

  it('has no notices before the directory exists', async () => {
    const { store } = await makeStore();
    assert.deepEqual(await store.takeNotices(), []);
  });
});

describe('StateStore: lock directory', () => {
  it('takes pair locks under the configured lock directory, not in the pair directory', async () => {
    const first = await makeStore();
    const lockDir = join(first.dir, 'locks');
    const a = await makeStore({ stateDir: first.stateDir, historyDir: first.historyDir, lockDir });
    const b = await makeStore({ stateDir: first.stateDir, historyDir: first.historyDir, lockDir });
    const seen: string[][] = [];
    await a.store.withPairLock('ping', 'h1', async () => {
      seen.push(await readdir(join(lockDir, 'h1')));
      const pairDir = join(first.stateDir, 'host', 'h1', 'ping');
      seen.push(await readdir(pairDir).catch(() => []));
    });
    assert.deepEqual(seen, [['ping'], []]);
    // Two stores (two processes' worth) over the same lock directory serialise: no lost update.
    // Several services of one host share <lock directory>/<host> and are locked at the same time.
    const services = ['ping', 'http', 'dns'];
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 === 0 ? a : b).store.recordResult(services[i % 3] as string, { result: result('h1', i % 3), startedAt: 1000 + i }),
      ),
    );
    for (const service of services) {
      const history = await lines(join(first.historyDir, 'host', 'h1', service, 'checkhistory'));
      assert.equal(history.length, 20);
    }
    assert.deepEqual(await readdir(join(lockDir, 'h1')), []);
  });
});
