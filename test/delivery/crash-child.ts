/**
 * A scheduler stand-in that the smtp-delivery test kills with SIGKILL:
 *   node crash-child.js <outboxDir> <smtpPort> journaled
 *     journals one alert, prints "journaled", then waits to be killed before sending it;
 *   node crash-child.js <outboxDir> <smtpPort> transmitted
 *     journals one alert and delivers it by mail; once the server has accepted it prints
 *     "transmitted" and waits to be killed before the outcome is recorded.
 */
import { Deliverer } from '../../src/delivery/deliverer.js';
import { builtInFormatter } from '../../src/delivery/formatter.js';
import { MailTransmitter } from '../../src/delivery/mail-transmitter.js';
import { Outbox } from '../../src/delivery/outbox.js';
import type { Transmitter } from '../../src/delivery/transmitter.js';
import { sampleMessage } from './sample-alert.js';

const [dir, port, mode] = process.argv.slice(2) as [string, string, string];
const outbox = new Outbox(dir, { fsync: true });
await outbox.enqueue({ service: 'disk', host: 'web01', format: 'compact', transmit: 'mail', try: 1, message: sampleMessage() });
const forever = new Promise<never>(() => setInterval(() => undefined, 60_000));
if (mode === 'journaled') {
  process.stdout.write('journaled\n');
  await forever;
}
const mail = new MailTransmitter({ smtp: { host: '127.0.0.1', port: Number(port), tls: 'none', from: 'survivor@example.org' } });
const transmitter: Transmitter = {
  async transmit(formatted, context) {
    const result = await mail.transmit(formatted, context);
    process.stdout.write(`transmitted ${result.outcome}\n`);
    return forever;
  },
};
const deliverer = new Deliverer({
  outbox,
  deps: { formatter: (name) => builtInFormatter(name), transmitter: () => transmitter },
  record: () => Promise.resolve(),
});
await deliverer.start();
