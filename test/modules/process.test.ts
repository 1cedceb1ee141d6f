import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { after, describe, it } from 'node:test';
import { checkOne } from './module-process.js';

// A node process of this test with a command line no other process has.
const me = `survivor-marker-${randomUUID()}`;
const marked = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', me], { stdio: 'ignore' });
await new Promise((resolve) => marked.once('spawn', resolve));
after(() => {
  marked.kill();
});

describe('check/process', () => {
  it('counts processes by name (this test runs in node)', async () => {
    const line = await checkOne('process', 'h', { name: 'node' });
    assert.equal(line.rc, 0);
    assert.ok(line.scalar >= 1);
    assert.match(line.comment, /^node: \d+$/);
  });

  it('is a PROBLEM when none runs (default prob lt[1])', async () => {
    const line = await checkOne('process', 'h', { name: ['node', 'no-such-daemon'] });
    assert.equal(line.rc, 1);
    assert.match(line.comment, /no-such-daemon: 0 \(prob: less than 1\)/);
  });

  it('matches the whole command line with matchtype a, and regular expressions with r', async () => {
    assert.equal((await checkOne('process', 'h', { name: me, matchtype: 'a' })).scalar, 1);
    assert.ok((await checkOne('process', 'h', { name: '^NODE$', matchtype: 'ri' })).scalar >= 1);
    assert.equal((await checkOne('process', 'h', { name: 'NODE' })).rc, 1);
  });

  it('counts only the given user', async () => {
    const { username, uid } = userInfo();
    assert.equal((await checkOne('process', 'h', { name: me, matchtype: 'a', userid: username })).scalar, 1);
    assert.equal((await checkOne('process', 'h', { name: me, matchtype: 'a', userid: String(uid + 1) })).scalar, 0);
  });

  it('grades counts with warn and prob relations', async () => {
    const line = await checkOne('process', 'h', { name: me, matchtype: 'a', warn: 'eq[1]', prob: 'gt[1]' });
    assert.equal(line.rc, 2);
    assert.match(line.comment, /\(warn: equal to 1\)$/);
  });

  it('answers MISCONFIG for unknown users, flags and relations', async () => {
    for (const options of [{ name: 'x', userid: 'no-such-user-here' }, { name: 'x', matchtype: 'z' }, { name: 'x', warn: 'more[1]' }, { name: '(', matchtype: 'r' }]) {
      assert.equal((await checkOne('process', 'h', options)).rc, 4, JSON.stringify(options));
    }
  });
});
