import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { acquirePidfile, AlreadyRunningError, releasePidfile, runningPid } from '../../src/daemon/pidfile.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('pidfile', () => {
  it('refuses when a live process holds it and replaces one left by a dead process', async () => {
    const dir = await makeTempDir();
    const path = join(dir, 'sub', 'ss.pid');
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, 'x'), '');
      acquirePidfile(path, other.pid);
      assert.equal(runningPid(path), other.pid);
      assert.throws(() => acquirePidfile(path), (e: unknown) => e instanceof AlreadyRunningError && e.pid === other.pid);
    } finally {
      other.kill('SIGKILL');
      await new Promise((r) => other.on('exit', r));
    }
    assert.equal(runningPid(path), undefined, 'a dead holder does not count');
    acquirePidfile(path);
    assert.equal(readFileSync(path, 'utf8'), `${process.pid}\n`);
    releasePidfile(path, process.pid + 1);
    assert.ok(existsSync(path), 'not removed on behalf of another pid');
    releasePidfile(path);
    assert.ok(!existsSync(path));
  });
});
