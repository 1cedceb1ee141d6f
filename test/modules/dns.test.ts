import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { createSocket } from 'node:dgram';
import { after, describe, it } from 'node:test';
import { checkOne, runCheck } from './module-process.js';

const DNSMASQ = '/usr/sbin/dnsmasq';

/** A port free for both UDP and TCP on 127.0.0.1 (dnsmasq binds both). */
async function freePort(): Promise<number> {
  for (;;) {
    const tcp = createServer();
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const { port } = tcp.address() as AddressInfo;
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    const udp = createSocket('udp4');
    const free = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (free) return port;
  }
}

/** dnsmasq answering for test.example only; resolves once it serves queries. */
async function startDnsmasq(port: number): Promise<void> {
  const child = spawn(DNSMASQ, [
    '--no-daemon', `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts',
    '--conf-file=/dev/null', '--log-facility=-', '--user=root', '--address=/test.example/127.0.0.7', '--address=/test.example/::7',
    '--mx-host=test.example,mail.test.example,10', '--txt-record=test.example,v=spf1 -all',
    '--ptr-record=7.0.0.127.in-addr.arpa,test.example',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  after(() => {
    child.kill();
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // dnsmasq logs "started" once its sockets are bound.
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', () => stderr.includes('started') && resolve());
    child.once('exit', (code) => reject(new Error(`dnsmasq exited with ${code}: ${stderr}`)));
  });
}

const available = existsSync(DNSMASQ);
const port = available ? await freePort() : 0;
if (available) await startDnsmasq(port);

describe('check/dns', { skip: available ? false : `${DNSMASQ} is not installed` }, () => {
  const server = `127.0.0.1:${port}`;

  it('asks the checked host by default, with port, and counts the answers', async () => {
    const line = await checkOne('dns', '127.0.0.1', { name: 'test.example', port });
    assert.deepEqual([line.rc, line.scalar], [0, 1]);
    assert.equal(line.comment, `test.example A @127.0.0.1:${port}: 127.0.0.7 (1 answer)`);
  });

  it('asks the configured server with expect on the answers', async () => {
    assert.equal((await checkOne('dns', 'web01', { name: 'test.example', server, expect: '^127\\.0\\.0\\.7$' })).rc, 0);
    const wrong = await checkOne('dns', 'web01', { name: 'test.example', server, expect: '^10\\.' });
    assert.equal(wrong.rc, 1);
    assert.match(wrong.comment, /none matches \/\^10\\.\//);
  });

  for (const [type, answer] of [['AAAA', '::7'], ['MX', '10 mail.test.example'], ['TXT', 'v=spf1 -all']]) {
    it(`reads ${type} records`, async () => {
      const line = await checkOne('dns', 'web01', { name: 'test.example', type, server });
      assert.equal(line.rc, 0, line.comment);
      assert.match(line.comment, new RegExp(`: ${answer} \\(1 answer\\)$`));
    });
  }

  it('reads PTR records for an address', async () => {
    const line = await checkOne('dns', 'web01', { name: '127.0.0.7', type: 'PTR', server });
    assert.equal(line.rc, 0, line.comment);
    assert.match(line.comment, /: test\.example \(1 answer\)$/);
  });

  it('substitutes $HOST in the name', async () => {
    assert.equal((await checkOne('dns', 'test.example', { name: '$HOST', server })).rc, 0);
  });

  it('is a PROBLEM when the server does not resolve the name', async () => {
    const line = await checkOne('dns', 'web01', { name: 'other.example', server });
    assert.equal(line.rc, 1);
    assert.equal(line.scalar, 0);
  });

  it('checks several servers in one run', async () => {
    const run = await runCheck('dns', ['127.0.0.1', 'localhost'], { name: 'test.example', port });
    assert.deepEqual([...run.byHost.values()].map((l) => l.rc), [0, 0]);
  });

  it('answers MISCONFIG for a bad type, server or expect', async () => {
    for (const options of [{ name: 'x', type: 'ANY' }, { name: 'x', server: 'a:b:c:99999' }, { name: 'x', expect: '(' }, {}]) {
      assert.equal((await checkOne('dns', 'web01', options)).rc, 4, JSON.stringify(options));
    }
  });
});
