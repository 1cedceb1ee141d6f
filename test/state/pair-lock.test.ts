import assert from 'node:assert/strict';
import { mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { PairLock } from '../../src/state/pair-lock.js';
import { STATE_ERROR_CODES, StateError } from '../../src/state/state-error.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const owner = { service: 's', host: 'h' };

function hasCode(code: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof StateError, String(err));
    assert.equal(err.code, code);
    return true;
  };
}

describe('PairLock', () => {
  it('serialises in-process callers in arrival order without losing an update', async () => {
    const dir = await makeTempDir();
    const lockDir = join(dir, 'pair', 'lock');
    const counter = join(dir, 'counter');
    await writeFile(counter, '0');
    const locks = new PairLock();
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        locks.withLock(lockDir, owner, async () => {
          order.push(i);
          const n = Number(await readFile(counter, 'utf8'));
          await writeFile(counter, String(n + 1));
        }),
      ),
    );
    assert.equal(await readFile(counter, 'utf8'), '50');
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
    await assert.rejects(stat(lockDir), { code: 'ENOENT' });
  });

  it('creates a missing pair directory and releases the lock when the work throws', async () => {
    const dir = await makeTempDir();
    const lockDir = join(dir, 'new', 'pair', 'lock');
    await assert.rejects(new PairLock().withLock(lockDir, owner, () => Promise.reject(new Error('boom'))), /boom/);
    assert.ok((await stat(join(dir, 'new', 'pair'))).isDirectory());
    await assert.rejects(stat(lockDir), { code: 'ENOENT' });
  });

  it('gives up with SURVIVOR_STATE_LOCKED while another holder keeps a fresh lock', async () => {
    const dir = await makeTempDir();
    const lockDir = join(dir, 'lock');
    await mkdir(lockDir);
    const err = await new PairLock({ waitMs: 150 }).withLock(lockDir, owner, () => Promise.resolve()).catch((e: unknown) => e);
    hasCode(STATE_ERROR_CODES.LOCKED)(err);
    assert.match((err as Error).message, /s@h/);
  });

  it('waits for a holder that lets go', async () => {
    const dir = await makeTempDir();
    const lockDir = join(dir, 'lock');
    await mkdir(lockDir);
    setTimeout(() => void rm(lockDir, { recursive: true }), 50);
    assert.equal(await new PairLock({ waitMs: 5000 }).withLock(lockDir, owner, () => Promise.resolve('got it')), 'got it');
  });

  it('takes over a stale lock left by a dead holder', async () => {
    const dir = await makeTempDir();
    const lockDir = join(dir, 'lock');
    await mkdir(lockDir);
    const old = new Date(Date.now() - 60_000);
    await utimes(lockDir, old, old);
    assert.equal(await new PairLock({ staleMs: 10_000, waitMs: 100 }).withLock(lockDir, owner, () => Promise.resolve(1)), 1);
  });

  it('reports SURVIVOR_STATE_LOCK_COMPROMISED when the lock vanished while held', async () => {
    const dir = await makeTempDir();
    const lockDir = join(dir, 'lock');
    // staleMs 2000 makes proper-lockfile refresh (and so notice the loss) after 1 s.
    const locks = new PairLock({ staleMs: 2000 });
    const work = locks.withLock(lockDir, owner, async () => {
      await rm(lockDir, { recursive: true });
      await sleep(1300);
      return 'done';
    });
    await assert.rejects(work, hasCode(STATE_ERROR_CODES.LOCK_COMPROMISED));
  });
});
