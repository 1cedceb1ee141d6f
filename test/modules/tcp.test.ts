import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { makeTempDir } from '../helpers/temp-dir.js';
import { checkOne, runCheck } from './module-process.js';
import { makeCertificate, tlsServer } from './tls-fixture.js';

/** A local TCP server; `greet` handles each connection. */
async function server(greet: (socket: Socket) => void): Promise<{ port: number; server: Server }> {
  const srv = createServer(greet);
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => srv.close(() => resolve())));
  return { port: (srv.address() as AddressInfo).port, server: srv };
}

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

const banner = await server((socket) => socket.end('220 mail.example ESMTP ready\r\n'));
const echo = await server((socket) => socket.on('data', (data) => socket.write(`you said ${data.toString()}`)));
const silent = await server(() => {});
const certificate = await makeCertificate(await makeTempDir(), 'tcp', { days: 30 });
const tlsPort = await tlsServer(certificate, '* OK IMAP4rev1 ready\r\n');

describe('check/tcp', () => {
  it('connects and reports the connect time', async () => {
    const line = await checkOne('tcp', '127.0.0.1', { port: banner.port });
    assert.equal(line.rc, 0);
    assert.match(line.comment, new RegExp(`^Connected to 127\\.0\\.0\\.1:${banner.port} in \\d+ ms$`));
    assert.ok(Number.isInteger(line.scalar) && line.scalar >= 0);
  });

  it('matches the banner with expect', async () => {
    const line = await checkOne('tcp', '127.0.0.1', { port: banner.port, expect: '^220 ' });
    assert.equal(line.rc, 0);
    assert.match(line.comment, /reply matches \/\^220 \/: 220 mail\.example ESMTP ready/);
  });

  it('is a PROBLEM when the banner does not match', async () => {
    const line = await checkOne('tcp', '127.0.0.1', { port: banner.port, expect: '^SSH-' });
    assert.equal(line.rc, 1);
    assert.match(line.comment, /does not match \/\^SSH-\/: '220 mail\.example ESMTP ready'/);
  });

  it('sends a request with escapes and matches the reply', async () => {
    const line = await checkOne('tcp', '127.0.0.1', { port: echo.port, send: 'PING\\r\\n', expect: 'you said PING\\r$' });
    assert.equal(line.rc, 0, line.comment);
  });

  it('is a PROBLEM when no matching reply arrives within replytimeout', async () => {
    const line = await checkOne('tcp', '127.0.0.1', { port: silent.port, expect: 'hello', replytimeout: 0.2 });
    assert.equal(line.rc, 1);
    assert.match(line.comment, /no reply matching \/hello\/ within 0\.2 s/);
  });

  it('is a PROBLEM when the port is closed', async () => {
    const port = await closedPort();
    const line = await checkOne('tcp', '127.0.0.1', { port });
    assert.deepEqual([line.rc, line.comment], [1, `cannot connect to 127.0.0.1:${port}: connection refused`]);
  });

  it('speaks TLS, verifying the certificate unless insecure', async () => {
    const refused = await checkOne('tcp', 'localhost', { port: tlsPort, tls: true, expect: '^\\* OK' });
    assert.equal(refused.rc, 1);
    assert.match(refused.comment, /cannot connect to localhost:\d+: self-signed certificate/);
    const insecure = await checkOne('tcp', 'localhost', { port: tlsPort, tls: true, insecure: true, expect: '^\\* OK' });
    assert.equal(insecure.rc, 0, insecure.comment);
    assert.match(insecure.comment, /^Connected to localhost:\d+ \(TLS\) in \d+ ms, reply matches/);
    const trusted = await checkOne('tcp', 'localhost', { port: tlsPort, tls: true, cafile: certificate.certPath, expect: 'IMAP4rev1' });
    assert.equal(trusted.rc, 0, trusted.comment);
  });

  it('checks several hosts in one run', async () => {
    const run = await runCheck('tcp', ['127.0.0.1', 'localhost'], { port: banner.port });
    assert.deepEqual([...run.byHost.values()].map((line) => line.rc), [0, 0]);
  });

  it('answers MISCONFIG without a port or with a bad expect', async () => {
    assert.match((await checkOne('tcp', '127.0.0.1', {})).comment, /option port is required/);
    const bad = await checkOne('tcp', '127.0.0.1', { port: banner.port, expect: '(' });
    assert.equal(bad.rc, 4);
    assert.match(bad.comment, /^option expect: /);
  });
});
