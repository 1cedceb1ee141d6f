import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AlertStore } from '../../src/state/alert-store.js';
import { spawnAlertScript } from './alert-child.js';
import { exited } from './child-writer.js';
import { makeStore } from './store-fixture.js';

const CHILDREN = 4;
const PER_WRITER = 60;

describe('AlertStore under concurrent writers in several processes', () => {
  it('loses no pair update: fix attempts counted and commandhistory lines equal the number of updates', async () => {
    const { store, stateDir, historyDir } = await makeStore();
    const alerts = new AlertStore(store);
    // Each writer does what sc fix and sc acknowledge do: read-modify-write of counters plus history.
    const body = `
      const n = Number(args[0]);
      for (let i = 0; i < n; i++) {
        await alerts.update('svc', 'h', (s) => ({
          fixstatus: { version: 1, who: 'child', instances: (s.fixstatus?.instances ?? 0) + 1, rc: 0, comment: 'x', time: Date.now(), since: s.fixstatus?.since ?? Date.now() },
          ...(i % 2 === 0 ? { acknowledge: { version: 1, who: 'child', comment: String(process.pid), time: Date.now() } } : { acknowledge: null }),
          history: { command: [{ time: Date.now(), command: 'fix', who: 'child', comment: String(i) }] },
        }), { notify: false });
      }
    `;
    const children = Array.from({ length: CHILDREN }, () => spawnAlertScript(body, stateDir, historyDir, [String(PER_WRITER)]));
    let reading = true;
    let last = 0;
    const reader = (async () => {
      while (reading) {
        const s = await alerts.readPairState('svc', 'h', (e) => assert.fail(`a reader saw a torn file: ${e.message}`));
        const n = s.fixstatus?.instances ?? 0;
        assert.ok(n >= last, 'the count never goes back');
        last = n;
      }
    })();
    for (let i = 0; i < PER_WRITER; i++) {
      await alerts.update('svc', 'h', (s) => ({
        fixstatus: { version: 1, who: 'parent', instances: (s.fixstatus?.instances ?? 0) + 1, rc: 0, comment: 'x', time: Date.now(), since: 1 },
        history: { command: [{ time: Date.now(), command: 'fix', who: 'parent', comment: String(i) }] },
      }), { notify: false });
    }
    assert.deepEqual(await Promise.all(children.map(exited)), Array(CHILDREN).fill(0));
    reading = false;
    await reader;
    const total = (CHILDREN + 1) * PER_WRITER;
    assert.equal((await alerts.readPairState('svc', 'h')).fixstatus?.instances, total);
    const lines = (await readFile(join(historyDir, 'host/h/svc/commandhistory'), 'utf8')).split('\n').filter((l) => l !== '');
    assert.equal(lines.length, total);
    assert.deepEqual(await store.takeNotices(), []);
  });

  it('loses no call-list update: every substitution appended by every process is there', async () => {
    const { store, stateDir, historyDir } = await makeStore();
    const alerts = new AlertStore(store);
    const body = `
      const n = Number(args[0]);
      for (let i = 0; i < n; i++) {
        await alerts.updateCallList('oncall', (f) => ({ substitutions: [...f.substitutions, { from: i, until: i, replace: 'p' + process.pid, with: 'b' }] }));
      }
    `;
    const children = Array.from({ length: CHILDREN }, () => spawnAlertScript(body, stateDir, historyDir, [String(PER_WRITER)]));
    for (let i = 0; i < PER_WRITER; i++) {
      await alerts.updateCallList('oncall', (f) => ({ substitutions: [...f.substitutions, { from: i, until: i, replace: 'parent', with: 'b' }] }));
    }
    assert.deepEqual(await Promise.all(children.map(exited)), Array(CHILDREN).fill(0));
    const subs = (await alerts.readCallList('oncall')).substitutions;
    assert.equal(subs.length, (CHILDREN + 1) * PER_WRITER);
    assert.equal(new Set(subs.map((s) => s.replace)).size, CHILDREN + 1);
  });
});
