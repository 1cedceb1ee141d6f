import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { appendHistoryLine } from '../../src/history/append-history-line.js';
import { STATE_ERROR_CODES, StateError } from '../../src/state/state-error.js';
import { StateStore } from '../../src/state/state-store.js';
import { makeStore } from './store-fixture.js';

const ok = (host: string, scalar: number) => ({ result: { host, rc: 0, scalar, comment: 'ok', duration: 1 }, startedAt: scalar });

/** A tiny tmpfs to fill up, or undefined when this process may not mount (not root, no CAP_SYS_ADMIN). */
async function smallFileSystem(): Promise<string | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'survivor-enospc-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    await rm(dir, { recursive: true, force: true });
    return undefined;
  }
  after(async () => {
    execFileSync('umount', [dir]);
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
}

async function fill(dir: string): Promise<void> {
  const big = Buffer.alloc(4096, 120);
  for (let i = 0; ; i++) {
    try {
      await writeFile(join(dir, `filler-${i}`), big);
    } catch {
      break;
    }
  }
  await writeFile(join(dir, 'filler-last'), 'x').catch(() => undefined);
}

describe('write failures', () => {
  // Both ways of recording: the asynchronous one (sc, sw) and the daemon's writer thread (record-sync.ts).
  for (const writerThread of [false, true]) {
    const way = writerThread ? 'on a writer thread' : 'asynchronously';

    it(`keeps the old checkstatus and history and removes temporary files when the disk is full (ENOSPC), recording ${way}`, async (t) => {
      const root = await smallFileSystem();
      if (root === undefined) return t.skip('cannot mount a tmpfs here');
      await mkdir(join(root, 'state'));
      await mkdir(join(root, 'history'));
      const store = new StateStore({ stateDir: join(root, 'state'), historyDir: join(root, 'history'), fsync: true, writerThread, writerThreads: 1 });
      t.after(() => store.close());
      await store.recordResults('s', [ok('h', 1)]);
      const statusPath = join(root, 'state/host/h/s/checkstatus');
      const historyPath = join(root, 'history/host/h/s/checkhistory');
      const before = [await readFile(statusPath, 'utf8'), await readFile(historyPath, 'utf8')];
      await mkdir(join(root, 'fill'));
      await fill(join(root, 'fill'));

      const outcomes = await store.recordResults('s', [ok('h', 2)]);
      const error = outcomes[0]?.error;
      assert.ok(error instanceof StateError);
      assert.equal(error.code, STATE_ERROR_CODES.IO);
      assert.equal(error.host, 'h');
      assert.equal((error.cause as NodeJS.ErrnoException).code, 'ENOSPC');
      assert.deepEqual([await readFile(statusPath, 'utf8'), await readFile(historyPath, 'utf8')], before);
      assert.deepEqual((await readdir(join(root, 'state/host/h/s'))).sort(), ['checkstatus']);

      // Larger than the slack of the file's last page: the write comes up short and is undone.
      const long = JSON.stringify({ time: 3, comment: 'x'.repeat(9000) }) + '\n';
      await assert.rejects(appendHistoryLine(historyPath, long), { code: STATE_ERROR_CODES.HISTORY_IO });
      assert.equal(await readFile(historyPath, 'utf8'), before[1]);

      await rm(join(root, 'fill'), { recursive: true });
      const [after] = await store.recordResults('s', [ok('h', 3)]);
      assert.equal(after?.status?.instances, 2);
    });

    it(`fails with SURVIVOR_STATE_IO and cleans up when the target cannot be replaced, recording ${way}`, async (t) => {
      const { store, stateDir } = await makeStore({ writerThread, writerThreads: 1 });
      t.after(() => store.close());
      await mkdir(join(stateDir, 'host/h/s/checkstatus'), { recursive: true });
      const [outcome] = await store.recordResults('s', [ok('h', 1)]);
      const error = outcome?.error;
      assert.ok(error instanceof StateError);
      assert.equal(error.code, STATE_ERROR_CODES.IO);
      assert.equal(error.service, 's');
      assert.deepEqual((await readdir(join(stateDir, 'host/h/s'))).sort(), ['checkstatus']);
    });
  }

  it('writes state files group-writable (0664) on a writer thread whatever the umask, and leaves no temporary file', async (t) => {
    const umask = process.umask(0o027);
    t.after(() => process.umask(umask));
    const { store, stateDir } = await makeStore({ writerThread: true, writerThreads: 1, fsync: true });
    t.after(() => store.close());
    await store.recordResults('s', [ok('h', 1), ok('h', 2), ok('g', 1)]);
    const dir = join(stateDir, 'host/h/s');
    assert.equal((await stat(join(dir, 'checkstatus'))).mode & 0o777, 0o664);
    assert.deepEqual(await readdir(dir), ['checkstatus']);
    assert.equal(JSON.parse(await readFile(join(dir, 'checkstatus'), 'utf8')).instances, 2);
  });

  it('refuses names that would escape the state tree', async () => {
    const { store } = await makeStore();
    for (const host of ['..', 'a/b', '', '.']) {
      await assert.rejects(store.recordResult('s', ok(host, 1)), { code: STATE_ERROR_CODES.BAD_NAME });
    }
    await assert.rejects(store.readCheckStatus('../x', 'h'), { code: STATE_ERROR_CODES.BAD_NAME });
  });

  it('fails reconcile with SURVIVOR_STATE_MISSING_DIR when statedir does not exist', async () => {
    const { dir, historyDir } = await makeStore();
    const store = new StateStore({ stateDir: join(dir, 'nope'), historyDir, fsync: false });
    await assert.rejects(store.reconcile({ pairs: [] }), { code: STATE_ERROR_CODES.MISSING_DIR });
  });
});
