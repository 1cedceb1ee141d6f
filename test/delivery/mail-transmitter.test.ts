import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { SmtpSettings } from '../../src/config/config-model.js';
import type { FormattedAlert } from '../../src/delivery/alert-message.js';
import { MailTransmitter } from '../../src/delivery/mail-transmitter.js';
import { sampleMessage } from './sample-alert.js';
import { SmtpTestServer } from './smtp-test-server.js';

const formatted: FormattedAlert = {
  addresses: ['alice@example.org', 'bob@example.org'],
  replyTo: 'ops@example.org',
  subject: 'ALERT: disk@web01',
  message: 'Summary:     /var is 97% full\n',
  replyOk: true,
};
const context = { id: '1717250587000-0a1b2c3d', message: sampleMessage() };

function settings(port: number, extra: Partial<SmtpSettings> = {}): SmtpSettings {
  return { host: '127.0.0.1', port, tls: 'starttls', from: 'survivor@monitor.example.org', ...extra };
}

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('MailTransmitter against a real SMTP server', () => {
  let server: SmtpTestServer;
  let mail: MailTransmitter;
  before(async () => {
    server = await SmtpTestServer.start({ user: 'alert', password: 'secret' });
    mail = new MailTransmitter({ smtp: settings(server.port) });
  });
  after(async () => {
    await mail.close();
    await server.close();
  });
  beforeEach(() => {
    server.received.length = 0;
    server.replies.length = 0;
    server.refused.clear();
  });

  it('sends one message to all addresses with subject, body, Message-ID and Survivor headers', async () => {
    const result = await mail.transmit(formatted, context);
    assert.equal(result.outcome, 'sent');
    assert.equal(result.rc, 0);
    assert.match(result.reply ?? '', /^250 /);
    assert.equal(server.received.length, 1);
    const got = server.received[0]!;
    assert.equal(got.from, 'survivor@monitor.example.org');
    assert.deepEqual(got.to, ['alice@example.org', 'bob@example.org']);
    assert.equal(got.headers.get('subject'), 'ALERT: disk@web01');
    assert.equal(got.headers.get('reply-to'), 'ops@example.org');
    assert.equal(got.headers.get('message-id'), '<survivor.1717250587000-0a1b2c3d@monitor.example.org>');
    assert.equal(got.headers.get('x-survivor-token'), 'R384756102');
    assert.equal(got.headers.get('x-survivor-alert'), 'disk@web01');
    assert.equal(got.headers.get('auto-submitted'), 'auto-generated');
    assert.equal(got.headers.has('x-survivor-possible-duplicate'), false);
    assert.equal(got.body, formatted.message);
  });

  it('marks a resend as a possible duplicate in a header', async () => {
    await mail.transmit(formatted, { ...context, message: sampleMessage({ duplicate: true }) });
    assert.equal(server.received[0]?.headers.get('x-survivor-possible-duplicate'), 'yes');
  });

  it('logs in with the configured user and password', async () => {
    const login = new MailTransmitter({ smtp: settings(server.port, { user: 'alert', password: 'secret' }) });
    const result = await login.transmit(formatted, context);
    await login.close();
    assert.equal(result.outcome, 'sent');
    assert.equal(server.received[0]?.user, 'alert');
  });

  it('fails for good with rc 4 when the login is refused', async () => {
    const wrong = new MailTransmitter({ smtp: settings(server.port, { user: 'alert', password: 'wrong' }) });
    const result = await wrong.transmit(formatted, context);
    await wrong.close();
    assert.equal(result.outcome, 'permanent');
    assert.equal(result.rc, 4);
    assert.match(result.reply ?? '', /535 .*Authentication credentials invalid/);
    assert.equal(server.received.length, 0);
  });

  it('reports a 451 answer as temporary with the reply', async () => {
    server.replies.push({ code: 451, text: 'Try again later' });
    const result = await mail.transmit(formatted, context);
    assert.deepEqual({ outcome: result.outcome, rc: result.rc }, { outcome: 'temporary', rc: 1 });
    assert.match(result.reply ?? '', /^451 .*Try again later/);
    assert.equal(server.received.length, 0);
  });

  it('reports a 550 answer as permanent with the reply', async () => {
    server.replies.push({ code: 550, text: 'Message rejected as spam' });
    const result = await mail.transmit(formatted, context);
    assert.deepEqual({ outcome: result.outcome, rc: result.rc }, { outcome: 'permanent', rc: 1 });
    assert.match(result.reply ?? '', /^550 .*Message rejected as spam/);
  });

  it('sends to the accepted recipients and names the refused ones', async () => {
    server.refused.add('bob@example.org');
    const result = await mail.transmit(formatted, context);
    assert.equal(result.outcome, 'sent');
    assert.match(result.reply ?? '', /\(refused: bob@example\.org\)$/);
    assert.deepEqual(server.received[0]?.to, ['alice@example.org']);
  });

  it('fails for good when every recipient is refused', async () => {
    server.refused.add('alice@example.org');
    server.refused.add('bob@example.org');
    const result = await mail.transmit(formatted, context);
    assert.equal(result.outcome, 'permanent');
    assert.match(result.reply ?? '', /550/);
  });

  it('reports a refused connection as temporary', async () => {
    const nowhere = new MailTransmitter({ smtp: settings(await closedPort()) });
    const result = await nowhere.transmit(formatted, context);
    await nowhere.close();
    assert.equal(result.outcome, 'temporary');
    assert.match(result.reply ?? '', /ECONNREFUSED/);
  });

  it('refuses a message without addresses as a misconfiguration', async () => {
    const result = await mail.transmit({ ...formatted, addresses: [] }, context);
    assert.deepEqual(result, { outcome: 'permanent', rc: 4, reply: 'no addresses to send to' });
  });
});
