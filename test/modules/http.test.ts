import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { after, describe, it } from 'node:test';
import { makeTempDir } from '../helpers/temp-dir.js';
import { checkOne, runCheck } from './module-process.js';
import { makeCertificate } from './tls-fixture.js';

function respond(req: IncomingMessage, res: ServerResponse): void {
  const send = (status: number, body: string, headers: Record<string, string> = {}) => res.writeHead(status, headers).end(body);
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    switch (req.url) {
      case '/': return send(200, 'hello world\n');
      case '/missing': return send(404, 'no such page');
      case '/broken': return send(200, 'status: ERROR database down');
      case '/moved': return send(302, '', { location: '/' });
      case '/loop': return send(302, '', { location: '/loop' });
      case '/headers': return send(200, `x-test=${req.headers['x-test'] as string}`);
      case '/private': return req.headers.authorization === `Basic ${Buffer.from('ops:s3cret').toString('base64')}` ? send(200, 'welcome') : send(401, 'who are you');
      case '/echo': return send(200, `${req.method} ${body}`);
      default: return send(500, 'unexpected');
    }
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

const dir = await makeTempDir();
const certificate = await makeCertificate(dir, 'web', { days: 30 });
const port = await listen(createServer(respond));
const tlsPort = await listen(createHttpsServer({ key: certificate.key, cert: certificate.cert }, respond));
const url = (path: string) => `http://$HOST:${port}${path}`;

describe('check/http', () => {
  it('is OK for a 200, substituting $HOST, with the response time as scalar', async () => {
    const line = await checkOne('http', '127.0.0.1', { url: url('/') });
    assert.equal(line.rc, 0);
    assert.match(line.comment, new RegExp(`^HTTP 200 OK from http://127\\.0\\.0\\.1:${port}/ in \\d+ ms$`));
    assert.ok(Number.isInteger(line.scalar) && line.scalar >= 0);
  });

  it('is a PROBLEM for a status outside matchcode (default 200-399)', async () => {
    const line = await checkOne('http', '127.0.0.1', { url: url('/missing') });
    assert.equal(line.rc, 1);
    assert.match(line.comment, /^HTTP 404 Not Found .*; expected status 200-399$/);
  });

  it('accepts matchcode as codes and ranges or as a relation', async () => {
    assert.equal((await checkOne('http', '127.0.0.1', { url: url('/missing'), matchcode: '200,404' })).rc, 0);
    assert.equal((await checkOne('http', '127.0.0.1', { url: url('/missing'), matchcode: 'bt[400,499]' })).rc, 0);
    assert.equal((await checkOne('http', '127.0.0.1', { url: url('/'), matchcode: '300-399' })).rc, 1);
  });

  it('matches the body with matchregex and errorregex', async () => {
    assert.equal((await checkOne('http', '127.0.0.1', { url: url('/'), matchregex: '^hello' })).rc, 0);
    const missing = await checkOne('http', '127.0.0.1', { url: url('/'), matchregex: 'goodbye' });
    assert.deepEqual([missing.rc, /does not match \/goodbye\//.test(missing.comment)], [1, true]);
    const error = await checkOne('http', '127.0.0.1', { url: url('/broken'), errorregex: 'ERROR.*' });
    assert.equal(error.rc, 1);
    assert.match(error.comment, /matches errorregex \/ERROR\.\*\/: ERROR database down$/);
  });

  it('does not follow redirects unless asked', async () => {
    assert.equal((await checkOne('http', '127.0.0.1', { url: url('/moved') })).rc, 0);
    assert.equal((await checkOne('http', '127.0.0.1', { url: url('/moved'), matchcode: '200' })).rc, 1);
    const followed = await checkOne('http', '127.0.0.1', { url: url('/moved'), matchcode: '200', followredirect: true, matchregex: 'hello' });
    assert.equal(followed.rc, 0, followed.comment);
    assert.match(followed.comment, new RegExp(`from http://127\\.0\\.0\\.1:${port}/ in`));
  });

  it('gives up on redirect loops', async () => {
    const line = await checkOne('http', '127.0.0.1', { url: url('/loop'), followredirect: 'yes' });
    assert.equal(line.rc, 1);
    assert.match(line.comment, /more than 10 redirects/);
  });

  it('sends headers, basic authentication, the method and a body', async () => {
    assert.equal((await checkOne('http', '127.0.0.1', { url: url('/headers'), header: ['X-Test: yes'], matchregex: '^x-test=yes$' })).rc, 0);
    assert.equal((await checkOne('http', '127.0.0.1', { url: url('/private') })).rc, 1);
    assert.equal((await checkOne('http', '127.0.0.1', { url: url('/private'), username: 'ops', password: 's3cret' })).rc, 0);
    assert.equal((await checkOne('http', '127.0.0.1', { url: url('/echo'), method: 'POST', body: 'a=1', matchregex: '^POST a=1$' })).rc, 0);
  });

  it('grades the response time', async () => {
    const line = await checkOne('http', '127.0.0.1', { url: url('/'), warntime: 0 });
    assert.equal(line.rc, 2);
    assert.match(line.comment, /\[>= 0 ms\]$/);
  });

  it('is a PROBLEM when the connection is refused', async () => {
    const line = await checkOne('http', '127.0.0.1', { url: 'http://$HOST:1/' });
    assert.deepEqual([line.rc, line.comment], [1, 'http://127.0.0.1:1/: connection refused']);
  });

  it('verifies HTTPS certificates by default', async () => {
    const line = await checkOne('http', 'localhost', { url: `https://$HOST:${tlsPort}/` });
    assert.equal(line.rc, 1);
    assert.match(line.comment, /TLS: self-signed certificate \(insecure = yes skips verification\)$/);
  });

  it('accepts an unverifiable certificate with insecure', async () => {
    assert.equal((await checkOne('http', 'localhost', { url: `https://$HOST:${tlsPort}/`, insecure: true })).rc, 0);
  });

  it('verifies against the extra certificate authorities of cafile', async () => {
    const line = await checkOne('http', 'localhost', { url: `https://$HOST:${tlsPort}/`, cafile: certificate.certPath });
    assert.equal(line.rc, 0, line.comment);
    assert.match(line.comment, /^HTTP 200 OK from https:\/\/localhost:/);
  });

  it('checks several hosts in one run', async () => {
    const run = await runCheck('http', ['127.0.0.1', 'localhost'], { url: url('/') });
    assert.deepEqual([...run.byHost.values()].map((l) => l.rc), [0, 0]);
  });

  it('answers MISCONFIG for a bad url, header, matchcode or regex', async () => {
    for (const options of [{ url: 'ftp://$HOST/' }, { header: ['no colon'] }, { matchcode: '2xx' }, { matchregex: '[' }, { method: 'FETCH' }]) {
      const line = await checkOne('http', '127.0.0.1', options);
      assert.equal(line.rc, 4, JSON.stringify(options));
    }
  });
});
