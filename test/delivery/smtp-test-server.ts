/**
 * A real SMTP server on loopback (the smtp-server package) for delivery
 * tests: accepts any sender, optionally checks a login, and answers each
 * message's DATA with the next scripted reply (none left: 250).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly user?: string;
  readonly raw: string;
  /** Header names lower-cased, folded lines joined. */
  readonly headers: ReadonlyMap<string, string>;
  /** The body with quoted-printable decoded. */
  readonly body: string;
}

export interface ScriptedReply {
  readonly code: number;
  readonly text: string;
}

export class SmtpTestServer {
  /** Messages accepted with 250, in order. */
  readonly received: ReceivedMail[] = [];
  /** Every DATA the server was offered, accepted or not. */
  offered = 0;
  /** Replies to the next DATA commands, used up front to back. */
  readonly replies: ScriptedReply[] = [];
  /** Recipients refused at RCPT TO with 550. */
  readonly refused = new Set<string>();

  private readonly server: SMTPServer;
  /** Set once listening. */
  port = 0;
  /** Connection errors (a client killed mid-session resets its socket): kept, never thrown. */
  readonly connectionErrors: Error[] = [];

  private constructor(login?: { user: string; password: string }) {
    this.server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (login !== undefined && auth.username === login.user && auth.password === login.password) return callback(null, { user: auth.username });
        return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      },
      onRcptTo: (address, _session, callback) => {
        if (this.refused.has(address.address)) return callback(Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }));
        return callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.offered++;
          const reply = this.replies.shift();
          if (reply !== undefined && reply.code !== 250) {
            return callback(Object.assign(new Error(reply.text), { responseCode: reply.code }));
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const user = typeof session.user === 'string' ? session.user : undefined;
          this.received.push({
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            ...(user === undefined ? {} : { user }),
            raw,
            ...parseMail(raw),
          });
          return callback(null, reply?.text ?? 'OK: queued');
        });
      },
    });
  }

  /** Starts a server on a loopback port (random by default); with `login`, only that user and password may log in. */
  static async start(login?: { user: string; password: string }, port = 0): Promise<SmtpTestServer> {
    const self = new SmtpTestServer(login);
    await new Promise<void>((resolve, reject) => {
      self.server.once('error', reject);
      self.server.listen(port, '127.0.0.1', () => resolve());
    });
    self.port = (self.server.server.address() as AddressInfo).port;
    // Without a listener smtp-server's 'error' event would crash the test when a client dies (kill -9 tests).
    self.server.on('error', (err: Error) => self.connectionErrors.push(err));
    return self;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function parseMail(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? '')) {
    body = Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  }
  return { headers, body: body.replace(/\r\n/g, '\n') };
}
