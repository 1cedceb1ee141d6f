import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOne } from './module-process.js';

describe('check/ping', () => {
  it('is OK for 127.0.0.1 with the replies, loss and average rtt', async () => {
    const line = await checkOne('ping', '127.0.0.1', { packets: 2, interval: 0.2 });
    assert.equal(line.rc, 0, line.comment);
    assert.match(line.comment, /^2\/2 replies, 0% loss, rtt avg [\d.]+ ms \(min [\d.]+, max [\d.]+\)$/);
    assert.ok(Number.isInteger(line.scalar) && line.scalar >= 0);
  });

  it('grades the average rtt', async () => {
    const line = await checkOne('ping', '127.0.0.1', { packets: 1, warntime: 0 });
    assert.equal(line.rc, 2);
    assert.match(line.comment, /\[rtt >= 0 ms\]$/);
  });

  it('is a PROBLEM for a name that does not resolve', async () => {
    const line = await checkOne('ping', 'no-such-host.invalid', { packets: 1 });
    assert.equal(line.rc, 1);
    assert.equal(line.scalar, -1);
    assert.match(line.comment, /no-such-host\.invalid/);
  });

  it('refuses a host name that looks like an option', async () => {
    assert.equal((await checkOne('ping', '-f', {})).rc, 4);
  });

  it('answers MISCONFIG for a bad packet count', async () => {
    assert.equal((await checkOne('ping', '127.0.0.1', { packets: 0 })).rc, 4);
  });
});
