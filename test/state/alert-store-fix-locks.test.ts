import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FixLockRequest, FixLockResult, FixLockScope } from '../../src/state/alert-store.js';
import { AlertStore } from '../../src/state/alert-store.js';
import { conflictsWith, fixLockName } from '../../src/state/fix-locks.js';
import { makeStore } from './store-fixture.js';

const EXPIRY = 60_000;

function request(scope: FixLockScope, service: string, host: string, who = 'alice'): FixLockRequest {
  return { service, host, scope, expiryMs: EXPIRY, who };
}

async function fixture(): Promise<{ alerts: AlertStore; locksDir: string; setNow: (t: number) => void; stateDir: string; historyDir: string }> {
  let now = 1_700_000_000_000;
  const f = await makeStore({ clock: () => now });
  return { alerts: new AlertStore(f.store), locksDir: join(f.stateDir, 'fix', 'locks'), setNow: (t) => (now = t), stateDir: f.stateDir, historyDir: f.historyDir };
}

function held(result: FixLockResult): Extract<FixLockResult, { ok: true }> {
  assert.ok(result.ok, `expected the lock, got refused: ${result.ok ? '' : `${result.lock} held by ${result.holder}`}`);
  return result;
}

describe('fix lock conflicts (reference 5.13)', () => {
  // [held lock scope, svc, host] × [wanted scope, svc, host] → conflict?
  const table: [FixLockScope, string, string, FixLockScope, string, string, boolean][] = [
    ['pair', 'web', 'h1', 'pair', 'web', 'h1', true],
    ['pair', 'web', 'h1', 'pair', 'web', 'h2', false],
    ['pair', 'web', 'h1', 'pair', 'db', 'h1', false],
    ['host', 'web', 'h1', 'pair', 'db', 'h1', true],
    ['service', 'web', 'h2', 'pair', 'web', 'h1', true],
    ['service', 'web', 'h1', 'pair', 'db', 'h1', false],
    ['pair', 'db', 'h1', 'host', 'web', 'h1', true],
    ['pair', 'db', 'h2', 'host', 'web', 'h1', false],
    ['host', 'x', 'h1', 'host', 'web', 'h1', true],
    ['pair', 'web', 'h2', 'service', 'web', 'h1', true],
    ['service', 'web', 'h9', 'service', 'web', 'h1', true],
    ['pair', 'db', 'h1', 'service', 'web', 'h1', false],
  ];
  for (const [hs, hsvc, hh, ws, wsvc, wh, conflict] of table) {
    it(`${conflict ? 'refuses' : 'allows'} a ${ws} lock for ${wsvc}@${wh} while ${fixLockName(hs, hsvc, hh)} is held`, async () => {
      assert.equal(conflictsWith(ws, wsvc, wh, fixLockName(hs, hsvc, hh)), conflict);
      const { alerts } = await fixture();
      const first = held(await alerts.acquireFixLock(request(hs, hsvc, hh, 'bob')));
      const second = await alerts.acquireFixLock(request(ws, wsvc, wh));
      assert.equal(second.ok, !conflict);
      if (!second.ok) {
        assert.equal(second.lock, fixLockName(hs, hsvc, hh));
        assert.match(second.holder, new RegExp(`^bob \\(pid ${process.pid}\\) since 2023-`));
      } else {
        await second.release();
      }
      await first.release();
    });
  }

  it('names lock files as 1.0 did and stores who took them', async () => {
    const { alerts, locksDir } = await fixture();
    const locks = [
      held(await alerts.acquireFixLock(request('pair', 'web', 'h1'))),
      held(await alerts.acquireFixLock(request('host', 'x', 'h2'))),
      held(await alerts.acquireFixLock(request('service', 'db', 'h3'))),
    ];
    assert.deepEqual((await readdir(locksDir)).sort(), ['*@h2', 'db@*', 'web@h1']);
    assert.deepEqual(JSON.parse(await readFile(join(locksDir, 'web@h1'), 'utf8')), { pid: process.pid, time: 1_700_000_000_000, who: 'alice' });
    for (const l of locks) await l.release();
    assert.deepEqual(await readdir(locksDir), []);
  });

  it('can be taken again once released', async () => {
    const { alerts } = await fixture();
    await held(await alerts.acquireFixLock(request('pair', 'web', 'h1'))).release();
    await held(await alerts.acquireFixLock(request('pair', 'web', 'h1'))).release();
  });

  it('removes a conflicting lock older than the expiry, and the old holder release leaves the new lock alone', async () => {
    const { alerts, locksDir, setNow } = await fixture();
    const old = held(await alerts.acquireFixLock(request('host', 'web', 'h1', 'bob')));
    setNow(1_700_000_000_000 + EXPIRY);
    assert.equal((await alerts.acquireFixLock(request('pair', 'web', 'h1'))).ok, false, 'exactly the expiry is not older than it');
    setNow(1_700_000_000_000 + EXPIRY + 1);
    const fresh = held(await alerts.acquireFixLock(request('pair', 'web', 'h1')));
    assert.deepEqual(await readdir(locksDir), ['web@h1']);
    await old.release();
    assert.deepEqual(await readdir(locksDir), ['web@h1'], 'the expired holder does not remove what it no longer holds');
    await fresh.release();
  });

  it('lets exactly one of many simultaneous takers win, across independent stores', async () => {
    const { alerts, stateDir, historyDir } = await fixture();
    const { StateStore } = await import('../../src/state/state-store.js');
    const other = new AlertStore(new StateStore({ stateDir, historyDir, fsync: false, clock: () => 1_700_000_000_000 }));
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? alerts : other).acquireFixLock(request('pair', 'web', 'h1', `w${i}`))));
    assert.equal(results.filter((r) => r.ok).length, 1);
  });
});
