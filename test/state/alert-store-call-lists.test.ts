import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CallListStatus } from '../../src/alert/call-list-state.js';
import { AlertStore } from '../../src/state/alert-store.js';
import type { StateError } from '../../src/state/state-error.js';
import { makeStore } from './store-fixture.js';

const STATUS: CallListStatus = { version: 1, lastNotified: { person: 'alice', address: 'alice@example.org', alert: 'mail' }, onCall: 'alice', lastRotate: 1_700_000_000_000 };

describe('AlertStore call lists', () => {
  it('reads a list without state as no status and no substitutions', async () => {
    const { store } = await makeStore();
    assert.deepEqual(await new AlertStore(store).readCallList('oncall'), { status: { version: 1 }, substitutions: [] });
  });

  it('writes status and substitutions in the documented files and reads them back', async () => {
    const { store, stateDir } = await makeStore();
    const alerts = new AlertStore(store);
    const subs = [{ from: 10, until: 19, replace: 'alice', with: 'bob' }];
    const next = await alerts.updateCallList('oncall', () => ({ status: STATUS, substitutions: subs }));
    assert.deepEqual(next, { status: STATUS, substitutions: subs });
    assert.deepEqual(await alerts.readCallList('oncall'), { status: STATUS, substitutions: subs });
    const dir = join(stateDir, 'calllist', 'oncall');
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'status'), 'utf8')), STATUS);
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'substitutions'), 'utf8')), { version: 1, entries: subs });
  });

  it('changes only the file the patch names', async () => {
    const { store } = await makeStore();
    const alerts = new AlertStore(store);
    await alerts.updateCallList('oncall', () => ({ status: STATUS }));
    await alerts.updateCallList('oncall', () => ({ substitutions: [{ from: 1, until: 2, replace: 'a', with: 'b' }] }));
    await alerts.updateCallList('oncall', () => ({}));
    assert.deepEqual((await alerts.readCallList('oncall')).status, STATUS);
  });

  it('treats corrupt files as absent and reports them', async () => {
    const { store, stateDir } = await makeStore();
    const reports: StateError[] = [];
    const alerts = new AlertStore(store, { onCorrupt: (e) => reports.push(e) });
    const dir = join(stateDir, 'calllist', 'oncall');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'status'), '{"version":1,"onCall":7}');
    await writeFile(join(dir, 'substitutions'), '{"version":1,"entries":[{"from":"x"}]}');
    assert.deepEqual(await alerts.readCallList('oncall'), { status: { version: 1 }, substitutions: [] });
    assert.deepEqual(reports.map((r) => r.code), ['SURVIVOR_STATE_CORRUPT', 'SURVIVOR_STATE_CORRUPT']);
  });

  it('serialises updates of one list in one process: none is lost', async () => {
    const { store } = await makeStore();
    const alerts = new AlertStore(store);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        alerts.updateCallList('oncall', async (files) => {
          await new Promise((r) => setImmediate(r));
          return { substitutions: [...files.substitutions, { from: i, until: i, replace: 'a', with: 'b' }] };
        }),
      ),
    );
    assert.equal((await alerts.readCallList('oncall')).substitutions.length, 40);
  });
});
