import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FormattedAlert } from '../../src/delivery/alert-message.js';
import type { DeliveryModuleSettings } from '../../src/delivery/delivery-module.js';
import { ModuleTransmitter } from '../../src/delivery/module-transmitter.js';
import { InProcessRunner } from '../../src/exec/in-process-runner.js';
import { MODULE_PATH } from '../../src/exec/module-environment.js';
import { runProcess } from '../../src/exec/run-process.js';
import { shippedModulesDir } from '../helpers/project.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { sampleMessage } from './sample-alert.js';

const runner = new InProcessRunner();
after(() => runner.close());

const formatted = (addresses: string[]): FormattedAlert => ({ addresses, subject: 'ALERT: disk@web01', message: '/var is 97% full 14:03:07 06/01/2024\n', replyOk: true });
const context = (id = '1717250587000-0a1b2c3d') => ({ id, message: sampleMessage({ alert: 'hook' }) });

async function moduleSettings(): Promise<DeliveryModuleSettings & { prefix: string }> {
  const dir = await makeTempDir();
  const tmpDir = join(dir, 'tmp');
  await mkdir(tmpDir);
  return { runner, moduleDir: shippedModulesDir, tmpDir, instance: 'demo', prefix: join(dir, 'prefix'), timeoutMs: 20_000 };
}

/** Runs a shipped module directly, for `-v` and for a controlled PATH. */
function runModule(name: string, args: string[], env: Record<string, string> = {}, stdin = '') {
  return runProcess({
    argv: [join(shippedModulesDir, 'transmit', name), ...args],
    stdin,
    env: { PATH: MODULE_PATH, LANG: 'C.UTF-8', ...env },
    cwd: shippedModulesDir,
    timeoutMs: 20_000,
    graceMs: 1000,
    maxOutputBytes: 65536,
  });
}

describe('transmit module webhook', () => {
  const requests: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let server: Server;
  let base: string;
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        requests.push({ url: req.url ?? '', headers: req.headers, body });
        const status = req.url?.startsWith('/busy') ? 500 : req.url?.startsWith('/missing') ? 404 : 204;
        res.writeHead(status).end(status === 404 ? 'no such hook' : '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the alert as JSON to every address and exits 0', async () => {
    requests.length = 0;
    const hook = new ModuleTransmitter('webhook', await moduleSettings());
    const result = await hook.transmit(formatted([`${base}/a`, `${base}/b?k=1`]), context());
    assert.deepEqual(result, { outcome: 'sent', rc: 0 });
    assert.deepEqual(requests.map((r) => r.url).sort(), ['/a', '/b?k=1']);
    const doc = JSON.parse(requests[0]!.body);
    assert.equal(doc.id, '1717250587000-0a1b2c3d');
    assert.equal(doc.subject, 'ALERT: disk@web01');
    assert.equal(doc.alert.service, 'disk');
    assert.equal(doc.alert.token, 'R384756102');
    assert.equal(requests[0]!.headers['content-type'], 'application/json');
    assert.equal(requests[0]!.headers['x-survivor-id'], '1717250587000-0a1b2c3d');
  });

  it('exits 75 on a 5xx answer, so the alert is retried', async () => {
    const result = await new ModuleTransmitter('webhook', await moduleSettings()).transmit(formatted([`${base}/busy/secret-token`]), context());
    assert.equal(result.outcome, 'temporary');
    assert.match(result.reply ?? '', /^address 1 \(http:\/\/127\.0\.0\.1:\d+\/…\): HTTP 500 Internal Server Error$/);
  });

  it('fails for good on a 4xx answer with the answer in the reply', async () => {
    const result = await new ModuleTransmitter('webhook', await moduleSettings()).transmit(formatted([`${base}/missing`]), context());
    assert.deepEqual([result.outcome, result.rc], ['permanent', 1]);
    assert.match(result.reply ?? '', /HTTP 404 Not Found: no such hook/);
  });

  it('exits 75 when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await new ModuleTransmitter('webhook', await moduleSettings()).transmit(formatted([`http://127.0.0.1:${port}/`]), context());
    assert.equal(result.outcome, 'temporary');
    assert.match(result.reply ?? '', /ECONNREFUSED/);
  });

  it('calls an address that is not an http(s) URL a misconfiguration', async () => {
    const result = await new ModuleTransmitter('webhook', await moduleSettings()).transmit(formatted(['alice@example.org']), context());
    assert.deepEqual([result.outcome, result.rc], ['permanent', 4]);
    assert.match(result.reply ?? '', /address 1: not an http\(s\) URL/);
  });

  it('passes -v', async () => {
    const run = await runModule('webhook', ['-v']);
    assert.equal(run.exitCode, 0);
    assert.equal(JSON.parse(run.stdout).comment, 'Webhook OK');
  });
});

describe('transmit module file', () => {
  it('appends one complete JSON line per message under the prefix, even when writing concurrently', async () => {
    const settings = await moduleSettings();
    const file = new ModuleTransmitter('file', settings);
    const ids = Array.from({ length: 12 }, (_, i) => `17172505870${String(i).padStart(2, '0')}-0a1b2c3d`);
    const results = await Promise.all(ids.map((id) => file.transmit(formatted(['var/demo/alerts/alice.jsonl']), context(id))));
    assert.ok(results.every((r) => r.outcome === 'sent'), JSON.stringify(results));
    const lines = (await readFile(join(settings.prefix, 'var/demo/alerts/alice.jsonl'), 'utf8')).split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    const docs = lines.map((line) => JSON.parse(line) as { id: string; time: number; subject: string; alert: { service: string } });
    assert.deepEqual(docs.map((d) => d.id).sort(), ids);
    assert.ok(docs.every((d) => d.subject === 'ALERT: disk@web01' && d.alert.service === 'disk' && typeof d.time === 'number'));
  });

  it('writes to an absolute path and to every address', async () => {
    const dir = await makeTempDir();
    const result = await new ModuleTransmitter('file', await moduleSettings()).transmit(formatted([join(dir, 'a.jsonl'), join(dir, 'b', 'b.jsonl')]), context());
    assert.equal(result.outcome, 'sent');
    for (const name of ['a.jsonl', 'b/b.jsonl']) assert.equal((await readFile(join(dir, name), 'utf8')).split('\n').length, 2);
  });

  it('calls a directory as address a misconfiguration', async () => {
    const dir = await makeTempDir();
    const result = await new ModuleTransmitter('file', await moduleSettings()).transmit(formatted([dir]), context());
    assert.deepEqual([result.outcome, result.rc], ['permanent', 4]);
    assert.match(result.reply ?? '', /EISDIR/);
  });
});

describe('transmit module syslog', () => {
  it('passes -v where logger is installed', async () => {
    const run = await runModule('syslog', ['-v']);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { host: 'localhost', rc: 0, scalar: 0, comment: 'Syslog OK' });
  });

  it('logs once per facility with tag survivor and a priority from the return code', async () => {
    const dir = await makeTempDir();
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'logger'), '#!/bin/sh\nprintf "%s\\n" "$@" >> "$LOGGER_OUT"\necho --- >> "$LOGGER_OUT"\n');
    await chmod(join(bin, 'logger'), 0o755);
    const out = join(dir, 'logger.out');
    const doc = JSON.stringify({ version: 1, id: 'x', ...formatted(['local0', 'daemon']), alert: sampleMessage() });
    const run = await runModule('syslog', [], { PATH: `${bin}:${MODULE_PATH}`, LOGGER_OUT: out }, doc);
    assert.equal(run.exitCode, 0, run.stderr);
    const text = '-t\nsurvivor\n-p\n%s.crit\n--\nALERT: disk@web01: /var is 97% full 14:03:07 06/01/2024\n---\n';
    assert.equal(await readFile(out, 'utf8'), text.replace('%s', 'local0') + text.replace('%s', 'daemon'));
  });

  it('calls an address that is not a facility a misconfiguration', async () => {
    const result = await new ModuleTransmitter('syslog', await moduleSettings()).transmit(formatted(['alice@example.org']), context());
    assert.deepEqual([result.outcome, result.rc, result.reply], ['permanent', 4, 'not a syslog facility: alice@example.org']);
  });
});

describe('ModuleTransmitter', () => {
  it('fails for good with rc 4 when the module does not exist', async () => {
    const result = await new ModuleTransmitter('pigeon', await moduleSettings()).transmit(formatted(['x']), context());
    assert.deepEqual([result.outcome, result.rc], ['permanent', 4]);
    assert.match(result.reply ?? '', /transmit\/pigeon not found \(ENOENT\)/);
  });

  it('refuses a module name that leaves mod/transmit/', async () => {
    const result = await new ModuleTransmitter('../check/test', await moduleSettings()).transmit(formatted(['x']), context());
    assert.deepEqual([result.outcome, result.rc], ['permanent', 4]);
  });
});
