import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeTempDir } from '../helpers/temp-dir.js';
import { checkOne } from './module-process.js';
import { makeCertificate, tlsServer } from './tls-fixture.js';

const dir = await makeTempDir();
const [short, soon, long, expired] = await Promise.all([
  makeCertificate(dir, 'short', { days: 3 }),
  makeCertificate(dir, 'soon', { days: 20 }),
  makeCertificate(dir, 'long', { days: 400 }),
  makeCertificate(dir, 'expired', { start: '20200101000000Z', end: '20200201000000Z' }),
]);
const ports = {
  short: await tlsServer(short),
  soon: await tlsServer(soon),
  long: await tlsServer(long),
  expired: await tlsServer(expired),
};

describe('check/certificate', () => {
  it('is OK with the days left as scalar for a certificate far from expiry', async () => {
    const line = await checkOne('certificate', '127.0.0.1', { port: ports.long });
    assert.equal(line.rc, 0, line.comment);
    assert.ok(line.scalar === 399 || line.scalar === 400, String(line.scalar));
    assert.match(line.comment, /^certificate CN=localhost on 127\.0\.0\.1:\d+ expires in (399|400) days/);
  });

  it('warns within the warn days (default 30)', async () => {
    const line = await checkOne('certificate', 'localhost', { port: ports.soon });
    assert.equal(line.rc, 2, line.comment);
    assert.match(line.comment, /\(warn: <= 30 days\)/);
  });

  it('is a PROBLEM within the prob days (default 7)', async () => {
    const line = await checkOne('certificate', '127.0.0.1', { port: ports.short });
    assert.equal(line.rc, 1, line.comment);
    assert.ok(line.scalar === 2 || line.scalar === 3);
  });

  it('follows the configured thresholds', async () => {
    assert.equal((await checkOne('certificate', '127.0.0.1', { port: ports.short, warn: 1, prob: 0 })).rc, 0);
    assert.equal((await checkOne('certificate', '127.0.0.1', { port: ports.long, warn: 500, prob: 1 })).rc, 2);
  });

  it('is a PROBLEM with negative days for an expired certificate', async () => {
    const line = await checkOne('certificate', '127.0.0.1', { port: ports.expired });
    assert.equal(line.rc, 1);
    assert.ok(line.scalar < -1000);
    assert.match(line.comment, /expired on 2020-02-01/);
  });

  it('is a PROBLEM when verify is on and the chain is not trusted', async () => {
    const line = await checkOne('certificate', 'localhost', { port: ports.long, verify: true });
    assert.equal(line.rc, 1);
    assert.match(line.comment, /does not verify: /);
  });

  it('is OK with verify when cafile trusts the certificate', async () => {
    const line = await checkOne('certificate', 'localhost', { port: ports.long, verify: true, cafile: long.certPath });
    assert.equal(line.rc, 0, line.comment);
  });

  it('is a PROBLEM when nothing listens', async () => {
    const line = await checkOne('certificate', '127.0.0.1', { port: 1 });
    assert.equal(line.rc, 1);
    assert.match(line.comment, /connection refused/);
  });
});
