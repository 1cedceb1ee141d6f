/**
 * What the alert worker hands to delivery, and what a format hands to a
 * transmitter: 1.0's SurvivorAlertData and SurvivorFormattedAlertData
 * (reference 3.6) as JSON. One message goes to one alert method (a format +
 * transmit pairing of calllist.cf) for one service@host. Times are epoch ms.
 */

/** The result of a fix attempted in the same alert action (1.0's FixReturnCode + FixSummary). */
export interface FixReport {
  readonly rc: number;
  readonly comment: string;
}

export interface AlertMessage {
  readonly service: string;
  /** Always one host today (one outbox entry per pair); a list to keep 1.0's shape. */
  readonly hosts: readonly string[];
  /** The instance name (instance.cf). */
  readonly instance: string;
  /** The check's return code alerted on; 0 for a clear notification. */
  readonly rc: number;
  /** Notifications and fix attempts counted for this problem so far, this one included. */
  readonly instances: number;
  /** The check's comment (1.0's Summary). */
  readonly comment: string;
  /** Absolute path of the check's helpfile. */
  readonly helpfile?: string;
  /** The helpfile's text; delivery reads `helpfile` when this is absent. */
  readonly helpText?: string;
  /** When the check ran, epoch ms. */
  readonly time: number;
  /** The problem's reply token (alertstatus token, e.g. "R384756102"). */
  readonly token: string;
  /** Present when this action attempted a fix: the subject becomes FIXALERT. */
  readonly fix?: FixReport;
  readonly clear: boolean;
  /**
   * Set when this is a resend of a message whose earlier transmit may have
   * reached the server (the daemon died while sending it).
   */
  readonly duplicate?: boolean;
  /** The alert method (calllist.cf `[alert NAME]`). */
  readonly alert: string;
  readonly addresses: readonly string[];
  /** The call lists these addresses were reached through. */
  readonly callLists: readonly string[];
  /** Whether a two-way reply makes sense; default: no fix attempted (1.0's rule). */
  readonly replyOk?: boolean;
}

/** The result of a format: what a transmitter sends. */
export interface FormattedAlert {
  readonly addresses: readonly string[];
  readonly replyTo?: string;
  readonly subject: string;
  readonly message: string;
  /** A format may turn this off, never on (reference 3.6). */
  readonly replyOk: boolean;
}

/** The message's ReplyOK as the scheduler sets it: as given, else "no" for alerts carrying a fix attempt. */
export function inputReplyOk(message: AlertMessage): boolean {
  return message.replyOk ?? message.fix === undefined;
}

/**
 * The JSON document a format module reads on stdin: the message with
 * `version: 1` and `replyOk` filled in. One line, no trailing newline.
 */
export function alertMessageDocument(message: AlertMessage): string {
  return JSON.stringify({ version: 1, ...message, replyOk: inputReplyOk(message) });
}
