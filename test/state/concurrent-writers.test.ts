import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CheckStatus } from '../../src/state/check-status.js';
import { exited, spawnStoreScript } from './child-writer.js';
import { makeStore } from './store-fixture.js';

const CHILDREN = 4;
const PER_WRITER = 150;
const RESCHEDULE_EVERY = 10;

describe('concurrent writers on one pair', () => {
  it('lose no update across processes: instances equals the number of results, and every read parses', async () => {
    const { store, stateDir, historyDir } = await makeStore();
    // Each child records results (read-modify-write under the pair lock) and, like sc, reschedules now and then.
    const body = `
      const n = Number(args[0]);
      for (let i = 1; i <= n; i++) {
        await store.recordResult('svc', { result: { host: 'h', rc: 0, scalar: i, comment: 'child ' + process.pid, duration: 1 }, startedAt: Date.now() });
        if (i % ${RESCHEDULE_EVERY} === 0) await store.reschedule('svc', 'h');
      }
    `;
    const children = Array.from({ length: CHILDREN }, () => spawnStoreScript(body, stateDir, historyDir, [String(PER_WRITER)]));

    let reading = true;
    let reads = 0;
    let lastInstances = 0;
    const reader = (async () => {
      while (reading) {
        const status: CheckStatus | undefined = await store.readCheckStatus('svc', 'h');
        if (status !== undefined) {
          assert.ok(status.instances >= lastInstances, 'instances never go back');
          lastInstances = status.instances;
        }
        reads++;
      }
    })();
    const entries = Array.from({ length: PER_WRITER }, (_, i) => ({ result: { host: 'h', rc: 0, scalar: i, comment: 'parent', duration: 1 }, startedAt: Date.now() }));
    const outcomes = await store.recordResults('svc', entries);
    assert.deepEqual(outcomes.filter((o) => o.error !== undefined), []);
    assert.deepEqual(await Promise.all(children.map(exited)), Array(CHILDREN).fill(0));
    reading = false;
    await reader;

    const total = (CHILDREN + 1) * PER_WRITER;
    const final = await store.readCheckStatus('svc', 'h');
    assert.equal(final?.instances, total);
    const lines = (await readFile(join(historyDir, 'host/h/svc/checkhistory'), 'utf8')).split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, total);
    for (const line of lines) JSON.parse(line);
    assert.equal((await store.takeNotices()).length, (CHILDREN * PER_WRITER) / RESCHEDULE_EVERY);
    assert.ok(reads > 0);
    console.log(`# ${total} results from ${CHILDREN + 1} writers, ${reads} concurrent reads, all parsed`);
  });
});
