import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, beforeEach, describe, it } from 'node:test';
import { Deliverer } from '../../src/delivery/deliverer.js';
import { builtInFormatter } from '../../src/delivery/formatter.js';
import { MailTransmitter } from '../../src/delivery/mail-transmitter.js';
import { Outbox } from '../../src/delivery/outbox.js';
import type { DeliveryOutcome, OutboxEntry } from '../../src/delivery/outbox-entry.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { FakeClock } from '../schedule/fake-clock.js';
import { sampleMessage } from './sample-alert.js';
import { SmtpTestServer } from './smtp-test-server.js';

const START = Date.UTC(2024, 5, 1, 12, 0, 0);
const server = await SmtpTestServer.start();
after(() => server.close());
beforeEach(() => {
  server.received.length = 0;
  server.replies.length = 0;
  server.offered = 0;
});

/** An outbox, a deliverer with the real mail transmitter on a fake clock, and what it recorded. */
async function mailDelivery(port = server.port) {
  const dir = join(await makeTempDir(), 'outbox');
  const clock = new FakeClock(START);
  const outbox = new Outbox(dir, { fsync: false, now: () => clock.now() });
  const mail = new MailTransmitter({ smtp: { host: '127.0.0.1', port, tls: 'starttls', from: 'survivor@example.org' } });
  const recorded: { entry: OutboxEntry; outcome: DeliveryOutcome }[] = [];
  const deliverer = new Deliverer({
    outbox,
    clock,
    deps: { formatter: (name) => builtInFormatter(name, { timeZone: 'UTC' }), transmitter: (name) => (name === 'mail' ? mail : undefined) },
    record: (entry, outcome) => {
      recorded.push({ entry, outcome });
      return Promise.resolve();
    },
  });
  const finish = async (): Promise<void> => {
    await deliverer.stop();
    await mail.close();
  };
  return { dir, clock, outbox, deliverer, recorded, finish };
}

const draft = { service: 'disk', host: 'web01', format: 'full', transmit: 'mail', try: 1, message: sampleMessage() };

describe('delivery by mail through the outbox', () => {
  it('delivers exactly one message when the server answers 451 and then 250', async () => {
    const t = await mailDelivery();
    server.replies.push({ code: 451, text: 'Try again later' });
    const entry = await t.outbox.enqueue(draft);
    await t.deliverer.start();
    await t.deliverer.idle();
    assert.deepEqual([server.offered, server.received.length, t.recorded.length], [1, 0, 0]);
    assert.match((await t.outbox.read(entry.id))?.lastError ?? '', /^451 .*Try again later/);
    t.clock.advance(5_000);
    await t.deliverer.idle();
    await t.finish();
    assert.equal(server.received.length, 1);
    assert.equal(server.received[0]?.headers.get('subject'), 'ALERT: disk@web01');
    assert.match(server.received[0]?.body ?? '', /^Summary: {5}\/var is 97% full$/m);
    assert.deepEqual(t.recorded.map((r) => [r.outcome.outcome, r.outcome.rc, r.outcome.attempts]), [['sent', 0, 2]]);
    assert.deepEqual(await readdir(t.dir), []);
  });

  it('records a 550 answer as failed with the server reply, without retrying', async () => {
    const t = await mailDelivery();
    server.replies.push({ code: 550, text: 'Mailbox unavailable' });
    await t.outbox.enqueue(draft);
    await t.deliverer.start();
    await t.deliverer.idle();
    t.clock.advance(600_000);
    await t.deliverer.idle();
    await t.finish();
    assert.deepEqual([server.offered, server.received.length], [1, 0]);
    assert.equal(t.recorded.length, 1);
    const { outcome } = t.recorded[0]!;
    assert.deepEqual([outcome.outcome, outcome.rc], ['failed', 1]);
    assert.match(outcome.reply ?? '', /^550 .*Mailbox unavailable/);
  });

  it('keeps a message whose server refuses connections, to retry it', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const t = await mailDelivery(port);
    const entry = await t.outbox.enqueue(draft);
    await t.deliverer.start();
    await t.deliverer.idle();
    await t.finish();
    const kept = await t.outbox.read(entry.id);
    assert.deepEqual([kept?.state, kept?.attempts, kept?.nextAttempt], ['pending', 1, START + 5_000]);
    assert.match(kept?.lastError ?? '', /ECONNREFUSED/);
    assert.equal(t.recorded.length, 0);
  });
});

describe('delivery after the scheduler is killed', () => {
  const child = fileURLToPath(new URL('./crash-child.js', import.meta.url));

  /** Runs crash-child until it prints `marker`, then SIGKILLs it. */
  async function killAfter(dir: string, mode: string, marker: RegExp): Promise<void> {
    const proc = spawn(process.execPath, [child, dir, String(server.port), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    let out = '';
    await new Promise<void>((resolve, reject) => {
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (marker.test(out)) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`crash-child exited ${code} before "${marker.source}": ${out}`)));
    });
    proc.kill('SIGKILL');
    await exited;
  }

  it('sends an alert journaled but not yet sent exactly once after a restart', async () => {
    const t = await mailDelivery();
    await killAfter(t.dir, 'journaled', /^journaled$/m);
    assert.equal(server.offered, 0);
    await t.deliverer.start();
    await t.deliverer.idle();
    await t.finish();
    assert.equal(server.received.length, 1);
    assert.equal(server.received[0]?.headers.get('subject'), 'ALERT: disk@web01');
    assert.deepEqual(t.recorded.map((r) => [r.outcome.outcome, r.outcome.duplicate]), [['sent', false]]);
    assert.deepEqual(await readdir(t.dir), []);
  });

  it('resends an alert the server accepted just before the kill once, marked as a possible duplicate', async () => {
    const t = await mailDelivery();
    await killAfter(t.dir, 'transmitted', /^transmitted sent$/m);
    assert.equal(server.received.length, 1);
    await t.deliverer.start();
    await t.deliverer.idle();
    t.deliverer.wake();
    await t.deliverer.idle();
    await t.finish();
    assert.equal(server.received.length, 2);
    const [first, again] = server.received as [(typeof server.received)[0], (typeof server.received)[0]];
    assert.equal(first.headers.get('subject'), 'ALERT: disk@web01');
    assert.equal(again.headers.get('subject'), '[possible duplicate] ALERT: disk@web01');
    assert.equal(again.headers.get('message-id'), first.headers.get('message-id'));
    assert.equal(again.headers.get('x-survivor-possible-duplicate'), 'yes');
    assert.deepEqual(t.recorded.map((r) => [r.outcome.outcome, r.outcome.duplicate, r.outcome.attempts]), [['sent', true, 2]]);
    assert.deepEqual(await readdir(t.dir), []);
  });
});
