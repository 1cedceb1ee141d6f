import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AlertMessage } from '../../src/delivery/alert-message.js';
import { deliverEntry } from '../../src/delivery/deliver-entry.js';
import type { DeliveryDeps } from '../../src/delivery/deliver-entry.js';
import { builtInFormatter } from '../../src/delivery/formatter.js';
import type { Formatter } from '../../src/delivery/formatter.js';
import { MAX_HELP_BYTES, readHelpText } from '../../src/delivery/help-text.js';
import type { OutboxEntry } from '../../src/delivery/outbox-entry.js';
import type { Transmitter } from '../../src/delivery/transmitter.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { sampleMessage } from './sample-alert.js';
import { StubTransmitter } from './stub-transmitter.js';

const entry = (message: AlertMessage, format = 'compact'): OutboxEntry => ({
  version: 1, id: '1717250587000-0a1b2c3d', state: 'sending', attempts: 1, created: 0,
  service: 'disk', host: 'web01', format, transmit: 'stub', message,
});

function deps(stub: Transmitter, formatter?: Formatter): DeliveryDeps {
  return {
    formatter: (name) => formatter ?? builtInFormatter(name, { timeZone: 'UTC' }),
    transmitter: (name) => (name === 'stub' ? stub : undefined),
  };
}

describe('deliverEntry', () => {
  it('appends the text of the helpfile the message names', async () => {
    const helpfile = join(await makeTempDir(), 'disk.help');
    await writeFile(helpfile, 'Run the log cleaner.\n');
    const stub = new StubTransmitter();
    const { result, formatted } = await deliverEntry(entry(sampleMessage({ helpfile })), deps(stub));
    assert.equal(result.outcome, 'sent');
    assert.equal(formatted?.message, '/var is 97% full 14:03:07 06/01/2024\nRun the log cleaner.\n');
    assert.equal(stub.calls[0]?.context.message.helpText, 'Run the log cleaner.\n');
  });

  it('sends without help when the helpfile cannot be read', async () => {
    const stub = new StubTransmitter();
    const { result, formatted } = await deliverEntry(entry(sampleMessage({ helpfile: '/nonexistent/disk.help' })), deps(stub));
    assert.equal(result.outcome, 'sent');
    assert.equal(formatted?.message, '/var is 97% full 14:03:07 06/01/2024\n');
  });

  it('does not read the helpfile for a clear', async () => {
    let reads = 0;
    const stub = new StubTransmitter();
    const d = { ...deps(stub), readHelpText: () => Promise.resolve(String(++reads)) };
    await deliverEntry(entry(sampleMessage({ rc: 0, clear: true, helpfile: '/x' })), d);
    assert.equal(reads, 0);
  });

  it('gives the transmitter the entry id and the duplicate-marked subject', async () => {
    const stub = new StubTransmitter();
    await deliverEntry(entry(sampleMessage({ duplicate: true })), deps(stub, { format: (m) => Promise.resolve({ formatted: { addresses: [...m.addresses], subject: 'custom', message: 'm', replyOk: true } }) }));
    assert.equal(stub.calls[0]?.context.id, '1717250587000-0a1b2c3d');
    assert.equal(stub.calls[0]?.formatted.subject, '[possible duplicate] custom');
  });

  it('passes a format failure on without transmitting', async () => {
    const stub = new StubTransmitter();
    const failing: Formatter = { format: () => Promise.resolve({ failure: { outcome: 'temporary', rc: 1, reply: 'format x: exit code 75' } }) };
    const { result } = await deliverEntry(entry(sampleMessage()), deps(stub, failing));
    assert.deepEqual(result, { outcome: 'temporary', rc: 1, reply: 'format x: exit code 75' });
    assert.equal(stub.calls.length, 0);
  });

  it('fails for good when a format throws, and retries when a transmitter throws', async () => {
    const stub = new StubTransmitter();
    const throwing: Formatter = { format: () => Promise.reject(new RangeError('Invalid time zone specified: Mars/Olympus')) };
    assert.deepEqual((await deliverEntry(entry(sampleMessage()), deps(stub, throwing))).result, {
      outcome: 'permanent', rc: 1, reply: 'format compact failed: Invalid time zone specified: Mars/Olympus',
    });
    const broken: Transmitter = { transmit: () => Promise.reject(new Error('socket hang up')) };
    assert.deepEqual((await deliverEntry(entry(sampleMessage()), deps(broken))).result, {
      outcome: 'temporary', rc: 1, reply: 'transmit stub failed: socket hang up',
    });
  });
});

describe('readHelpText', () => {
  it('cuts a long helpfile at a line end and says so', async () => {
    const path = join(await makeTempDir(), 'long.help');
    await writeFile(path, 'line of help text\n'.repeat(2000));
    const text = await readHelpText(path);
    assert.ok(text !== undefined && text.length <= MAX_HELP_BYTES + 6);
    assert.ok(text.endsWith('line of help text\n[...]'));
  });
});
