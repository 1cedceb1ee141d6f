/**
 * The alert state of one service@host pair as read from disk: the files under
 * <statedir>/host/<host>/<service>/ (layout owned by src/state, formats in
 * docs/state.md). Every file may be missing; a missing file is an absent field.
 * Times are epoch ms.
 */
import type { CheckStatus } from '../state/check-status.js';

/** One alert method used by a notification: who was reached, from which lists, and how it went. */
export interface AlertRecipient {
  /** Alert method name (calllist.cf `[alert NAME]`). */
  readonly alert: string;
  readonly addresses: readonly string[];
  readonly callLists: readonly string[];
  /** Transmit result (0 = sent); a failed transmit still counts as a notification. */
  readonly rc: number;
}

/** `alertstatus`: present while a problem is being alerted on. */
export interface AlertStatus {
  readonly version: 1;
  /** The check rc the alerts are about; compared with checkstatus to notice a change. */
  readonly rc: number;
  /** The check comment alerted on (for `result text significant`). */
  readonly comment: string;
  /** Notifications plus fix attempts counted for this problem: the try level reached. */
  readonly instances: number;
  /** Last notification or fix attempt, 0 for a stub. */
  readonly time: number;
  /** First notification of this problem, 0 for a stub. */
  readonly since: number;
  /** Who got the last notification: a clear notice goes to them. */
  readonly recipients: readonly AlertRecipient[];
  /** Written by `sc acknowledge` (or `sc escalate`) before any alert, so the ack survives the next pass. */
  readonly stub?: true;
}

/** `acknowledge`: silence for the current problem, optionally until `expires`. */
export interface Acknowledgement {
  readonly version: 1;
  readonly who: string;
  readonly comment: string;
  readonly time: number;
  /** From this instant on the acknowledgement is ignored, and the next alert pass removes it. */
  readonly expires?: number;
}

/** `noalert`: silence until uninhibited; survives state clearing. */
export interface Inhibition {
  readonly version: 1;
  readonly who: string;
  readonly comment: string;
  readonly time: number;
}

/** `escalate`: the try level an operator pushed the pair to (`sc escalate`). */
export interface Escalation {
  readonly version: 1;
  readonly level: number;
  readonly who: string;
  readonly time: number;
}

/** `fixstatus`: the last fix attempt for this problem. */
export interface FixStatus {
  readonly version: 1;
  readonly who: string;
  /** Fix attempts (scheduler and `sc fix`) since state was last cleared. */
  readonly instances: number;
  readonly rc: number;
  readonly comment: string;
  readonly time: number;
  readonly since: number;
}

export interface PairAlertState {
  readonly checkstatus?: CheckStatus;
  readonly alertstatus?: AlertStatus;
  readonly acknowledge?: Acknowledgement;
  readonly noalert?: Inhibition;
  readonly escalate?: Escalation;
  readonly fixstatus?: FixStatus;
}

/** True when an acknowledgement exists and has not expired at `nowMs` (expiry is exclusive: at `expires` it is over). */
export function isAcknowledged(state: PairAlertState, nowMs: number): boolean {
  const ack = state.acknowledge;
  return ack !== undefined && (ack.expires === undefined || nowMs < ack.expires);
}

/** True when an acknowledgement exists but expired at or before `nowMs`: it is ignored and should be removed. */
export function hasExpiredAck(state: PairAlertState, nowMs: number): boolean {
  return state.acknowledge !== undefined && !isAcknowledged(state, nowMs);
}

/** Why the pair is quiet (no notification of any kind), or undefined when it is not. */
export function quietReason(state: PairAlertState, nowMs: number): 'acknowledged' | 'inhibited' | undefined {
  if (isAcknowledged(state, nowMs)) return 'acknowledged';
  if (state.noalert !== undefined) return 'inhibited';
  return undefined;
}

/** True when some file that clearing alert state removes is present (token aside: it never exists without alertstatus). */
export function hasAlertState(state: PairAlertState): boolean {
  return (
    state.alertstatus !== undefined ||
    state.acknowledge !== undefined ||
    state.escalate !== undefined ||
    state.fixstatus !== undefined
  );
}

/** The state after clearing: alertstatus, acknowledge, escalate, token and fixstatus go; noalert stays. */
export function clearedAlertState(state: PairAlertState): PairAlertState {
  return {
    ...(state.checkstatus !== undefined ? { checkstatus: state.checkstatus } : {}),
    ...(state.noalert !== undefined ? { noalert: state.noalert } : {}),
  };
}

/** The try level reached: notifications and fix attempts counted, or the manual escalation if higher. */
export function triesUsed(state: PairAlertState): number {
  return Math.max(state.alertstatus?.instances ?? 0, state.escalate?.level ?? 0);
}
