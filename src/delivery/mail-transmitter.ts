import type { ConnectionOptions } from 'node:tls';
import type { Mail, SMTPSentMessageInfo, SMTPTransportOptions } from 'nodemailer';
import type { SmtpSettings } from '../config/config-model.js';
import type { FormattedAlert } from './alert-message.js';
import { classifySmtpError } from './smtp-failure.js';
import { TRANSMIT_RC } from './transmitter.js';
import type { TransmitContext, TransmitResult, Transmitter } from './transmitter.js';

export interface MailTransmitterOptions {
  readonly smtp: SmtpSettings;
  /** Waiting for the TCP (or TLS) connection, ms. Default 30 000. */
  readonly connectionTimeoutMs?: number;
  /** Waiting for the server's greeting, ms. Default 30 000. */
  readonly greetingTimeoutMs?: number;
  /** Inactivity on an open connection, ms. Default 60 000. */
  readonly socketTimeoutMs?: number;
  /** Extra TLS settings (a private CA, a test server's self-signed certificate). */
  readonly tls?: ConnectionOptions;
}

/**
 * The built-in `mail` transmitter: one message to all addresses through the
 * SMTP server of instance.cf (nodemailer, one connection per message).
 *
 * The Message-ID is derived from the outbox entry id, so every attempt at the
 * same alert (a retry, or a resend after a crash) carries the same one and a
 * duplicate can be recognised; `X-Survivor-Token` carries the reply token.
 * Resolves with `sent` when the server accepted at least one recipient (the
 * refused ones are named in the reply), otherwise as classifySmtpError says.
 */
export class MailTransmitter implements Transmitter {
  private readonly settings: SMTPTransportOptions;
  /** Made at the first message: nodemailer is loaded only by a daemon that sends mail (~6 MB resident). */
  private transport: Promise<Mail<SMTPSentMessageInfo, SMTPTransportOptions>> | undefined;
  private readonly domain: string;

  constructor(private readonly options: MailTransmitterOptions) {
    const { smtp } = options;
    this.domain = smtp.from.slice(smtp.from.lastIndexOf('@') + 1) || 'localhost';
    this.settings = {
      host: smtp.host,
      port: smtp.port,
      secure: smtp.tls === 'tls',
      ignoreTLS: smtp.tls === 'none',
      ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
      connectionTimeout: options.connectionTimeoutMs ?? 30_000,
      greetingTimeout: options.greetingTimeoutMs ?? 30_000,
      socketTimeout: options.socketTimeoutMs ?? 60_000,
      ...(options.tls === undefined ? {} : { tls: options.tls }),
    };
  }

  async transmit(formatted: FormattedAlert, context: TransmitContext): Promise<TransmitResult> {
    if (formatted.addresses.length === 0) return { outcome: 'permanent', rc: TRANSMIT_RC.MISCONFIG, reply: 'no addresses to send to' };
    const { message } = context;
    const headers: Record<string, string> = {
      'X-Survivor-Token': message.token,
      'X-Survivor-Instance': message.instance,
      'X-Survivor-Alert': `${message.service}@${message.hosts.join(',')}`,
      // RFC 3834: keeps vacation responders from answering pages.
      'Auto-Submitted': 'auto-generated',
    };
    if (message.duplicate === true) headers['X-Survivor-Possible-Duplicate'] = 'yes';
    try {
      this.transport ??= import('nodemailer').then(({ createTransport }) => createTransport(this.settings));
      const info = await (await this.transport).sendMail({
        from: this.options.smtp.from,
        to: [...formatted.addresses],
        ...(formatted.replyTo === undefined ? {} : { replyTo: formatted.replyTo }),
        subject: formatted.subject,
        text: formatted.message,
        messageId: `<survivor.${context.id}@${this.domain}>`,
        date: new Date(),
        headers,
      });
      const rejected = info.rejected.map(String);
      const response = typeof info.response === 'string' ? info.response.trim() : 'accepted';
      return {
        outcome: 'sent',
        rc: TRANSMIT_RC.SENT,
        reply: rejected.length === 0 ? response : `${response} (refused: ${rejected.join(', ')})`,
      };
    } catch (err) {
      return classifySmtpError(err);
    }
  }

  async close(): Promise<void> {
    (await this.transport)?.close();
  }
}
