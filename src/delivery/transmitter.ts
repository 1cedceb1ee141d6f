/**
 * The sending side of delivery: the built-in `mail` transmitter and
 * transmit modules (mod/transmit/<name>) both answer with one TransmitResult.
 * A failure is a result, not an exception.
 */
import type { AlertMessage, FormattedAlert } from './alert-message.js';

/** Recorded as the alert's "transmit rc" (alerthistory `rc`), as in 1.0. */
export const TRANSMIT_RC = { SENT: 0, FAILED: 1, MISCONFIG: 4, TIMEDOUT: 5 } as const;

export interface TransmitResult {
  /**
   * sent: the server or module took the message. temporary: try again later
   * (4xx, connection refused, timeout, module exit 75). permanent: trying
   * again would fail the same way (5xx, module PROBLEM or MISCONFIG).
   */
  readonly outcome: 'sent' | 'temporary' | 'permanent';
  /** 0 sent; 1 failed; 4 misconfigured; a module's own exit code when it is a valid rc. */
  readonly rc: number;
  /** The server's reply or the module's stderr, for alerthistory and the log. */
  readonly reply?: string;
}

export interface TransmitContext {
  /** The outbox entry id: the same for every attempt at this message (mail uses it for the Message-ID). */
  readonly id: string;
  /** The alert the formatted message was made from. */
  readonly message: AlertMessage;
}

export interface Transmitter {
  /** Sends `formatted`; resolves with the outcome, never rejects. */
  transmit(formatted: FormattedAlert, context: TransmitContext): Promise<TransmitResult>;
  /** Releases connections; optional. */
  close?(): Promise<void>;
}
