import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import type { CheckResult } from '../../src/domain/check-result.js';
import { STATE_ERROR_CODES } from '../../src/state/state-error.js';
import { writerThreadsFor } from '../../src/state/store-options.js';
import { makeStore } from './store-fixture.js';

const result = (host: string, rc: number): CheckResult => ({ host, rc, scalar: rc, comment: `rc ${rc}`, duration: 5 });

async function historyOf(historyDir: string, service: string, host: string): Promise<{ rc: number; time: number }[]> {
  const text = await readFile(join(historyDir, 'host', host, service, 'checkhistory'), 'utf8');
  return text.trimEnd().split('\n').map((l) => JSON.parse(l) as { rc: number; time: number });
}

describe('StateStore with the record writer thread', () => {
  it('records like the asynchronous path: same checkstatus, history lines and listener calls', async () => {
    const threaded = await makeStore({ writerThread: true, fsync: true });
    const plain = await makeStore();
    after(() => threaded.store.close());
    const heard: string[] = [];
    threaded.store.onRecorded((service, host, status) => heard.push(`${service}@${host}:${status.rc}/${status.instances}`));
    for (const [i, rcs] of [[0, 0, 1], [1, 1, 0]].entries()) {
      const entries = rcs.map((rc, k) => ({ result: result(`h${k}`, rc), startedAt: 1000 * (i + 1), due: 1000 * (i + 1) }));
      const a = await threaded.store.recordResults('ping', entries);
      const b = await plain.store.recordResults('ping', entries);
      assert.deepEqual(a, b);
    }
    for (const host of ['h0', 'h1', 'h2']) {
      assert.equal(
        await readFile(join(threaded.stateDir, 'host', host, 'ping', 'checkstatus'), 'utf8'),
        await readFile(join(plain.stateDir, 'host', host, 'ping', 'checkstatus'), 'utf8'),
      );
      assert.deepEqual(await historyOf(threaded.historyDir, 'ping', host), await historyOf(plain.historyDir, 'ping', host));
    }
    assert.deepEqual(heard, ['ping@h0:0/1', 'ping@h1:0/1', 'ping@h2:1/1', 'ping@h0:1/1', 'ping@h1:1/1', 'ping@h2:0/1']);
  });

  it('waits for a pair whose lock another writer holds, in order, and records the free pairs at once', async () => {
    const { store, stateDir, historyDir } = await makeStore({ writerThread: true });
    const other = await makeStore({ stateDir, historyDir });
    after(() => store.close());
    let releasedAt = 0;
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const holder = other.store.withPairLock('ping', 'busy', async () => {
      held();
      await sleep(300);
      releasedAt = Date.now();
    });
    await holding;
    const entries = [
      { result: result('busy', 1), startedAt: 1 },
      { result: result('free', 0), startedAt: 1 },
      { result: result('busy', 2), startedAt: 2 },
    ];
    const outcomes = await store.recordResults('ping', entries);
    await holder;
    assert.deepEqual(outcomes.map((o) => [o.host, o.status?.rc]), [['busy', 1], ['free', 0], ['busy', 2]]);
    assert.ok(releasedAt > 0 && Date.now() >= releasedAt);
    assert.deepEqual((await historyOf(historyDir, 'ping', 'busy')).map((r) => r.rc), [1, 2]);
  });

  it('reports a pair it cannot write as a StateError and records the others', async () => {
    const { store, stateDir } = await makeStore({ writerThread: true });
    after(() => store.close());
    await mkdir(join(stateDir, 'host'), { recursive: true });
    await writeFile(join(stateDir, 'host', 'blocked'), 'a file where a directory belongs\n');
    const outcomes = await store.recordResults('ping', [
      { result: result('blocked', 0), startedAt: 1 },
      { result: result('fine', 0), startedAt: 1 },
    ]);
    assert.equal(outcomes[0]?.error?.code, STATE_ERROR_CODES.IO);
    assert.equal(outcomes[0]?.error?.host, 'blocked');
    assert.match(outcomes[0]?.error?.message ?? '', /ENOTDIR/);
    assert.equal(outcomes[1]?.status?.rc, 0);
  });
});

describe('writerThreadsFor', () => {
  it('gives small instances one thread and large ones up to three', () => {
    assert.deepEqual([1, 20_000, 20_001, 80_000, 80_001, 300_000].map(writerThreadsFor), [1, 1, 2, 2, 3, 3]);
  });

  it('keeps every host in order with a single thread too', async () => {
    const { store, historyDir } = await makeStore({ writerThread: true, writerThreads: 1 });
    after(() => store.close());
    const entries = [0, 1, 2, 0, 1].map((rc, i) => ({ result: result(`h${i % 2}`, rc), startedAt: 100 + i }));
    const outcomes = await store.recordResults('ping', entries);
    assert.deepEqual(outcomes.map((o) => o.status?.rc), [0, 1, 2, 0, 1]);
    assert.deepEqual((await historyOf(historyDir, 'ping', 'h0')).map((r) => r.rc), [0, 2, 1]);
    assert.deepEqual((await historyOf(historyDir, 'ping', 'h1')).map((r) => r.rc), [1, 0]);
  });
});

describe('a record writer thread that dies', () => {
  it('is reported, its batch is recorded the waiting way (the other thread\'s part once), and it is restarted after a back-off', async () => {
    const failures: { lane: number; failuresInARow: number; retryInMs: number; message: string }[] = [];
    const { store, historyDir } = await makeStore({
      writerThread: true,
      writerThreads: 2,
      onWriterFailure: ({ lane, failuresInARow, retryInMs, error }) => failures.push({ lane, failuresInARow, retryInMs, message: error.message }),
    });
    after(() => store.close());
    // Results bigger than a thread's old generation (24 MB) kill it with ERR_WORKER_OUT_OF_MEMORY.
    const huge = 'x'.repeat(4 * 1024 * 1024);
    const big = Array.from({ length: 12 }, (_, i) => ({ result: { ...result('big', i % 3), comment: `${huge}${i}` }, startedAt: 10 + i }));
    const small = Array.from({ length: 20 }, (_, i) => ({ result: result(`s${i}`, 1), startedAt: 10 }));
    const outcomes = await store.recordResults('ping', [...small, ...big]);
    assert.deepEqual(outcomes.map((o) => o.status?.rc), [...small, ...big].map((e) => e.result.rc));
    assert.equal(failures.length, 1);
    assert.deepEqual([failures[0]?.failuresInARow, failures[0]?.retryInMs], [1, 1000]);
    assert.match(failures[0]?.message ?? '', /memory/i);
    assert.deepEqual((await historyOf(historyDir, 'ping', 'big')).map((r) => r.rc), big.map((e) => e.result.rc));
    for (const { result: r } of small) assert.equal((await historyOf(historyDir, 'ping', r.host)).length, 1, r.host);
    // During the back-off the dead lane's results are recorded too (the waiting way), without a second report.
    const bigLaneHost = { result: result('big', 0), startedAt: 30 };
    assert.equal((await store.recordResults('ping', [bigLaneHost]))[0]?.status?.rc, 0);
    await sleep(1100);
    assert.equal((await store.recordResults('ping', [{ ...bigLaneHost, startedAt: 31 }]))[0]?.status?.rc, 0);
    assert.equal(failures.length, 1);
    assert.equal((await historyOf(historyDir, 'ping', 'big')).length, 14);
  });
});

describe('a batch larger than one message to a thread', () => {
  it('is sent in parts, each host\'s results in order and recorded once', async () => {
    const { store, historyDir } = await makeStore({ writerThread: true, writerThreads: 1 });
    after(() => store.close());
    const entries = Array.from({ length: 2600 }, (_, i) => ({ result: result(`h${i % 1300}`, i < 1300 ? 0 : 2), startedAt: 100 + i }));
    const outcomes = await store.recordResults('ping', entries);
    assert.deepEqual(outcomes.map((o) => o.status?.rc), entries.map((e) => e.result.rc));
    for (const host of ['h0', 'h999', 'h1000', 'h1299']) assert.deepEqual((await historyOf(historyDir, 'ping', host)).map((r) => r.rc), [0, 2]);
  });
});
