import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { DeliveryDeps } from '../../src/delivery/deliver-entry.js';
import { Deliverer } from '../../src/delivery/deliverer.js';
import type { DelivererOptions } from '../../src/delivery/deliverer.js';
import { builtInFormatter } from '../../src/delivery/formatter.js';
import { Outbox } from '../../src/delivery/outbox.js';
import type { DeliveryOutcome, OutboxDraft, OutboxEntry } from '../../src/delivery/outbox-entry.js';
import type { TransmitResult } from '../../src/delivery/transmitter.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { FakeClock } from '../schedule/fake-clock.js';
import { sampleMessage } from './sample-alert.js';
import { StubTransmitter, until } from './stub-transmitter.js';

const START = Date.UTC(2024, 5, 1, 12, 0, 0);
const TEMPFAIL: TransmitResult = { outcome: 'temporary', rc: 1, reply: '451 4.3.0 Try again later' };
const draft = (overrides: Partial<OutboxDraft> = {}): OutboxDraft => ({
  service: 'disk', host: 'web01', format: 'compact', transmit: 'stub', try: 1, message: sampleMessage(), ...overrides,
});

/** An outbox whose list() can be held after it has read the files, to let a scan race with a delivery. */
class GatedOutbox extends Outbox {
  gate: Promise<void> | undefined;
  listed = 0;
  override async list(): Promise<OutboxEntry[]> {
    const entries = await super.list();
    this.listed++;
    if (this.gate !== undefined) await this.gate;
    return entries;
  }
}

async function setUp(options: Partial<DelivererOptions> = {}) {
  const dir = join(await makeTempDir(), 'outbox');
  const clock = new FakeClock(START);
  const outbox = new GatedOutbox(dir, { fsync: false, now: () => clock.now() });
  const stub = new StubTransmitter();
  const deps: DeliveryDeps = {
    formatter: (name) => builtInFormatter(name, { timeZone: 'UTC' }),
    transmitter: (name) => (name === 'stub' ? stub : undefined),
  };
  const recorded: { entry: OutboxEntry; outcome: DeliveryOutcome }[] = [];
  const retries: number[] = [];
  const errors: unknown[] = [];
  const deliverer = new Deliverer({
    outbox,
    deps,
    clock,
    record: (entry, outcome) => {
      recorded.push({ entry, outcome });
      return Promise.resolve();
    },
    onRetry: (_entry, _result, nextAttempt) => retries.push(nextAttempt - START),
    onError: (err) => errors.push(err),
    ...options,
  });
  const files = async (): Promise<string[]> => readdir(dir).catch(() => []);
  return { dir, clock, outbox, stub, recorded, retries, errors, deliverer, files };
}

describe('Deliverer', () => {
  it('sends a pending entry once, records it as sent and removes it', async () => {
    const t = await setUp();
    const entry = await t.outbox.enqueue(draft());
    await t.deliverer.start();
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.equal(t.stub.calls.length, 1);
    assert.equal(t.stub.calls[0]?.context.id, entry.id);
    assert.equal(t.stub.calls[0]?.formatted.subject, 'ALERT: disk@web01');
    assert.deepEqual(t.recorded.map((r) => r.outcome), [{ outcome: 'sent', rc: 0, reply: '250 OK', time: START, attempts: 1, duplicate: false }]);
    assert.equal(t.recorded[0]?.entry.try, 1);
    assert.deepEqual(await t.files(), []);
  });

  it('resends an entry left in "sending" by a crash exactly once, marked as a possible duplicate', async () => {
    const t = await setUp();
    const entry = await t.outbox.enqueue(draft());
    await t.outbox.markSending(entry.id); // the daemon died during this transmit
    await t.deliverer.start();
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.equal(t.stub.calls.length, 1);
    assert.equal(t.stub.calls[0]?.formatted.subject, '[possible duplicate] ALERT: disk@web01');
    assert.equal(t.stub.calls[0]?.context.message.duplicate, true);
    assert.equal(t.stub.calls[0]?.context.id, entry.id, 'same id, so the same Message-ID');
    assert.deepEqual(t.recorded.map((r) => [r.outcome.outcome, r.outcome.duplicate, r.outcome.attempts]), [['sent', true, 2]]);
    assert.deepEqual(await t.files(), []);
  });

  it('sends an entry left "pending" by a crash exactly once, not marked', async () => {
    const t = await setUp();
    await t.outbox.enqueue(draft());
    await t.deliverer.start();
    await t.deliverer.idle();
    t.deliverer.wake();
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.equal(t.stub.calls.length, 1);
    assert.equal(t.stub.calls[0]?.formatted.subject, 'ALERT: disk@web01');
    assert.equal(t.recorded.length, 1);
  });

  it('only records an entry whose outcome was known before a crash', async () => {
    const t = await setUp();
    const entry = await t.outbox.enqueue(draft());
    await t.outbox.markSending(entry.id);
    await t.outbox.markDone(entry.id, { outcome: 'sent', rc: 0, reply: '250 OK', time: START, attempts: 1, duplicate: false });
    await t.deliverer.start();
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.equal(t.stub.calls.length, 0);
    assert.deepEqual(t.recorded.map((r) => r.outcome.outcome), ['sent']);
    assert.deepEqual(await t.files(), []);
  });

  it('retries a temporary failure after 5 s, then 10 s, and records one success', async () => {
    const t = await setUp();
    t.stub.results.push(TEMPFAIL, TEMPFAIL);
    const entry = await t.outbox.enqueue(draft());
    await t.deliverer.start();
    await t.deliverer.idle();
    assert.deepEqual(t.retries, [5_000]);
    const waiting = await t.outbox.read(entry.id);
    assert.deepEqual([waiting?.state, waiting?.attempts, waiting?.lastError], ['pending', 1, '451 4.3.0 Try again later']);
    t.clock.advance(4_999);
    await t.deliverer.idle();
    assert.equal(t.stub.calls.length, 1, 'not before the delay');
    t.clock.advance(1);
    await t.deliverer.idle();
    assert.deepEqual(t.retries, [5_000, 15_000]);
    t.clock.advance(10_000);
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.equal(t.stub.calls.length, 3);
    assert.deepEqual(t.recorded.map((r) => [r.outcome.outcome, r.outcome.attempts, r.outcome.time - START]), [['sent', 3, 15_000]]);
  });

  it('gives up when temporary failures outlast the maximum age', async () => {
    const t = await setUp({ retry: { maxAgeMs: 60_000 } });
    for (let i = 0; i < 10; i++) t.stub.results.push(TEMPFAIL);
    await t.outbox.enqueue(draft());
    await t.deliverer.start();
    await t.deliverer.idle();
    while (t.recorded.length === 0) {
      t.clock.advance(5_000);
      await t.deliverer.idle();
    }
    await t.deliverer.stop();
    assert.deepEqual(t.retries, [5_000, 15_000, 35_000, 75_000]);
    assert.deepEqual(t.recorded.map((r) => r.outcome), [
      { outcome: 'failed', rc: 1, reply: 'gave up after 5 attempts: 451 4.3.0 Try again later', time: START + 75_000, attempts: 5, duplicate: false, expired: true },
    ]);
    assert.deepEqual(await t.files(), []);
  });

  it('does not retry an entry whose maximum age is 0', async () => {
    const t = await setUp();
    t.stub.results.push(TEMPFAIL);
    await t.outbox.enqueue(draft({ maxAgeMs: 0, message: sampleMessage({ rc: 0, clear: true }) }));
    await t.deliverer.start();
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.deepEqual(t.recorded.map((r) => [r.outcome.outcome, r.outcome.expired]), [['failed', true]]);
  });

  it('records a permanent failure with its rc and reply, without retrying', async () => {
    const t = await setUp();
    t.stub.results.push({ outcome: 'permanent', rc: 1, reply: '550 5.1.1 no such user' });
    await t.outbox.enqueue(draft());
    await t.deliverer.start();
    await t.deliverer.idle();
    t.clock.advance(600_000);
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.equal(t.stub.calls.length, 1);
    assert.deepEqual(t.recorded.map((r) => r.outcome), [{ outcome: 'failed', rc: 1, reply: '550 5.1.1 no such user', time: START, attempts: 1, duplicate: false }]);
  });

  it('fails an entry naming an unknown transmitter or format with rc 4', async () => {
    const t = await setUp();
    await t.outbox.enqueue(draft({ transmit: 'pigeon' }));
    await t.outbox.enqueue(draft({ format: 'nextel' }));
    await t.deliverer.start();
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.deepEqual(t.recorded.map((r) => `${r.outcome.rc} ${r.outcome.reply}`).sort(), ['4 no format called "nextel"', '4 no transmitter called "pigeon"']);
  });

  it('runs at most `concurrency` deliveries at once and delivers every entry once', async () => {
    const t = await setUp({ concurrency: 2 });
    for (let i = 0; i < 6; i++) await t.outbox.enqueue(draft());
    t.stub.hold();
    await t.deliverer.start();
    await until(() => t.stub.inFlight === 2, 'two transmits');
    for (let i = 0; i < 3; i++) t.deliverer.wake(); // rescans while deliveries run must not start them twice
    await until(() => t.stub.calls.length >= 2);
    t.stub.release();
    await t.deliverer.idle();
    t.deliverer.wake();
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.equal(t.stub.maxInFlight, 2);
    const ids = t.stub.calls.map((c) => c.context.id);
    assert.equal(ids.length, 6);
    assert.equal(new Set(ids).size, 6);
    assert.equal(t.recorded.length, 6);
  });

  it('does not act on what a scan read before a delivery changed the entry', async () => {
    const t = await setUp();
    t.stub.results.push(TEMPFAIL);
    const entry = await t.outbox.enqueue(draft());
    t.stub.hold();
    await t.deliverer.start();
    await until(() => t.stub.inFlight === 1);
    let open = (): void => undefined;
    t.outbox.gate = new Promise((resolve) => (open = resolve));
    const listedBefore = t.outbox.listed;
    t.deliverer.wake(); // this scan reads the entry in state "sending" ...
    await until(() => t.outbox.listed > listedBefore, 'the scan to read the outbox');
    t.stub.release(); // ... and the delivery reschedules it before the scan finishes
    await until(() => t.retries.length === 1, 'the reschedule');
    t.outbox.gate = undefined;
    open();
    await t.deliverer.idle();
    assert.equal(t.stub.calls.length, 1, 'no early resend');
    assert.equal((await t.outbox.read(entry.id))?.message.duplicate, undefined, 'not taken for an interrupted send');
    t.clock.advance(5_000);
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.deepEqual(t.stub.calls.map((c) => c.formatted.subject), ['ALERT: disk@web01', 'ALERT: disk@web01']);
  });

  it('delivers entries enqueued after start when woken', async () => {
    const t = await setUp();
    await t.deliverer.start();
    await t.outbox.enqueue(draft());
    t.deliverer.wake();
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.equal(t.recorded.length, 1);
  });

  it('finds entries by itself when a wake is missed', async () => {
    const t = await setUp({ rescanIntervalMs: 30_000 });
    await t.deliverer.start();
    await t.outbox.enqueue(draft());
    t.clock.advance(30_000);
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.equal(t.recorded.length, 1);
  });

  it('records again later, without resending, when recording fails', async () => {
    let failRecord = true;
    const recorded: DeliveryOutcome[] = [];
    const t = await setUp({
      record: (_entry, outcome) => {
        if (failRecord) {
          failRecord = false;
          return Promise.reject(new Error('history disk full'));
        }
        recorded.push(outcome);
        return Promise.resolve();
      },
    });
    const entry = await t.outbox.enqueue(draft());
    await t.deliverer.start();
    await t.deliverer.idle();
    assert.equal((await t.outbox.read(entry.id))?.state, 'done');
    assert.match(String(t.errors[0]), /history disk full/);
    t.clock.advance(5_000);
    await t.deliverer.idle();
    await t.deliverer.stop();
    assert.equal(t.stub.calls.length, 1);
    assert.equal(recorded.length, 1);
    assert.deepEqual(await t.files(), []);
  });

  it('waits for running deliveries when stopped', async () => {
    const t = await setUp();
    await t.outbox.enqueue(draft());
    t.stub.hold();
    await t.deliverer.start();
    await until(() => t.stub.inFlight === 1);
    const stopping = t.deliverer.stop();
    t.stub.release();
    await stopping;
    assert.equal(t.recorded.length, 1);
  });
});
