/**
 * Fault 5: the disk under var/ fills up while ss runs. test/state/write-failures.test.ts
 * proves the store's ENOSPC handling on a tmpfs; this runs the real daemon on a 2 MB
 * tmpfs, fills it, and frees it again.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeInstance, startSs, waitFor } from '../helpers/instance.js';
import { recordFigures } from './chaos-mode.js';
import { historyOf, parseHistoryLines, parseStateFiles } from './reliability-instance.js';

const HOSTS = Array.from({ length: 10 }, (_, i) => `h${i + 1}`);

/** Fills `dir` with 4 KiB files until the file system refuses; returns the bytes written. */
async function fill(dir: string): Promise<number> {
  const block = Buffer.alloc(4096, 120);
  let bytes = 0;
  for (let i = 0; ; i++) {
    try {
      await writeFile(join(dir, `filler-${i}`), block);
      bytes += block.length;
    } catch {
      break;
    }
  }
  for (let i = 0; i < 64; i++) await writeFile(join(dir, `crumb-${i}`), 'x').catch(() => undefined);
  return bytes;
}

const countOf = (text: string, needle: string): number => text.split(needle).length - 1;

describe('a full disk under a running scheduler', () => {
  it('logs ENOSPC, keeps checking, keeps every old file whole and recovers by itself when space returns', { timeout: 58_000 }, async (t) => {
    const inst = await makeInstance();
    const varDir = join(inst.dir, 'var');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', varDir], { stdio: 'ignore' });
    } catch {
      return t.skip('cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN); test/state/write-failures.test.ts covers the store');
    }
    try {
      for (const d of [inst.stateDir, inst.historyDir, inst.tmpDir]) await mkdir(d, { recursive: true });
      await inst.writeConfig({
        host: `[class lab]\nhosts = ${HOSTS.join(' ')}\ncheck schedule = fast\n\n[group answer]\nhosts = ${HOSTS.join(' ')}\n`,
        check: '[check answer]\nmodule = answer\ntimeout = 10 seconds\n',
        schedule: '[schedule fast]\nrule = every 1 second\n',
      });
      const ss = startSs(inst);
      try {
        await waitFor('every pair checked twice', async () => {
          for (const h of HOSTS) if ((await historyOf(inst, 'checkhistory', 'answer', h)).length < 2) return false;
          return true;
        }, 20_000);

        await mkdir(join(varDir, 'fill'));
        const filled = await fill(join(varDir, 'fill'));
        const fullAt = Date.now();
        await waitFor('ENOSPC in the log', () => ss.stderr().includes('ENOSPC'), 15_000);
        // Still checking: every pass runs the module and fails to record again.
        const failures = countOf(ss.stderr(), 'cannot record the check result');
        await waitFor('more failed recordings', () => countOf(ss.stderr(), 'cannot record the check result') >= failures + HOSTS.length * 2, 15_000);
        assert.equal(ss.child.exitCode, null, 'the daemon is still running on a full disk');
        const whileFull = await parseStateFiles(inst);
        assert.deepEqual(whileFull.bad, [], 'every state file parses while the disk is full');
        const historyWhileFull = await parseHistoryLines(inst);
        assert.deepEqual(historyWhileFull.bad, [], 'no torn or partial history line while the disk is full');
        const fullMs = Date.now() - fullAt;

        await rm(join(varDir, 'fill'), { recursive: true });
        const freedAt = Date.now();
        await waitFor('every pair recorded again', async () => {
          for (const h of HOSTS) if (((await historyOf(inst, 'checkhistory', 'answer', h)).at(-1)?.time as number) < freedAt) return false;
          return true;
        }, 20_000);
        const recoveryMs = Date.now() - freedAt;
        ss.child.kill('SIGTERM');
        assert.equal((await ss.exited).code, 0, ss.stderr().slice(-2000));
        const history = await parseHistoryLines(inst);
        assert.deepEqual(history.bad, [], 'every history line parses after recovery');
        recordFigures('full-disk', {
          fileSystemBytes: 2 * 1024 * 1024,
          fillerBytes: filled,
          msFull: fullMs,
          failedRecordings: countOf(ss.stderr(), 'cannot record the check result'),
          enospcLogLines: countOf(ss.stderr(), 'ENOSPC'),
          stateFilesParsedWhileFull: whileFull.files,
          msToRecover: recoveryMs,
        });
      } finally {
        if (ss.child.exitCode === null && ss.child.signalCode === null) {
          ss.child.kill('SIGKILL');
          await ss.exited;
        }
      }
    } finally {
      execFileSync('umount', [varDir]);
    }
  });
});
