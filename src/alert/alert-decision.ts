/**
 * What the alert scheduler does for one pair in one pass: the input and output
 * of decideAlert (decide-alert.ts). The output is data the I/O shell carries
 * out under the pair lock.
 */
import type { AlertPlan, ReturnGroup, TryStanza } from '../config/alert-model.js';
import type { Schedule } from '../config/config-model.js';
import type { AlertRecipient, PairAlertState } from './pair-alert-state.js';

export interface AlertInput {
  readonly service: string;
  readonly host: string;
  readonly check: {
    /** The check has a `fix`. */
    readonly hasFix: boolean;
    /** `result text significant`: a new comment is a new problem. */
    readonly resultTextSignificant: boolean;
  };
  /** The check's plan, else the host class's (the caller skips pairs without one). */
  readonly plan: AlertPlan;
  readonly returnGroups: ReadonlyMap<string, ReturnGroup>;
  readonly schedules: ReadonlyMap<string, Schedule>;
  readonly state: PairAlertState;
  /** Epoch ms of this pass. */
  readonly now: number;
  /** `alert shift` in ms: plan schedules are evaluated at now − shiftMs. */
  readonly shiftMs: number;
  /**
   * Degraded mode: how many OTHER hosts of the pair's group with the same plan
   * currently fail (rc > 0) with at least `after` consecutive results. Called
   * only for a try with `allow N failed hosts` whose window (if any) is in effect.
   */
  readonly degraded: (tryStanza: TryStanza, after: number) => number;
  /** Return codes that may alert at all; default isValidRc (0–7, 20–1000), 1.0 used rc ≤ 1000. */
  readonly rcInRange?: (rc: number) => boolean;
}

/** Why nothing is sent this pass. */
export type IdleReason =
  | 'depend' // rc DEPEND: a dependency fails, only its root cause alerts
  | 'ok' // not failing, nothing to clear
  | 'rc-out-of-range'
  | 'awaiting-fix-verification' // recovered right after a fix: wait for the re-check
  | 'acknowledged'
  | 'inhibited'
  | 'below-threshold' // no return stanza matches the rc with enough consecutive failures
  | 'no-schedule-in-effect'
  | 'not-due'
  | 'tries-exhausted' // counted tries used up, no bare try
  | 'degraded' // fewer other redundant hosts fail than `allow N failed hosts`
  | 'nothing-to-do' // the try alerts nobody and attempts no fix
  | 'notify-on-clear-off'
  | 'clear-outside-schedule' // notify on clear using S, S not in effect
  | 'no-last-recipients'; // nobody was notified, so nobody is told of the clear

/** Why alert state is cleared. */
export type ClearReason = 'status-changed' | 'result-text-changed' | 'recovered';

interface DecisionBase {
  /**
   * An expired acknowledgement is present and nothing else removes it this
   * pass: delete the acknowledge file. False whenever state is cleared anyway.
   */
  readonly removeExpiredAck: boolean;
}

export interface NoAction extends DecisionBase {
  readonly kind: 'none';
  readonly reason: IdleReason;
}

/**
 * Remove alertstatus, acknowledge, escalate, token and fixstatus (never
 * noalert); nothing is sent.
 */
export interface ClearState extends DecisionBase {
  readonly kind: 'clear-state';
  readonly reason: ClearReason;
  /** Why no notification goes with the clearing. */
  readonly detail: IdleReason;
}

/** Notify (and/or attempt the fix) for attempt `attempt` of the current problem. */
export interface Notify extends DecisionBase {
  readonly kind: 'notify';
  /** Clear alert and fix state first (as ClearState): the problem is new. */
  readonly clearFirst: boolean;
  readonly clearReason?: ClearReason;
  /** 1-based attempt number; the worker records alertstatus.instances = attempt. */
  readonly attempt: number;
  readonly returnStanza: number;
  readonly scheduleStanza: number;
  readonly tryIndex: number;
  /** Call lists to alert (may be empty for a fix-only try). */
  readonly alertLists: readonly string[];
  /** Call lists told about the fix attempt (empty unless attemptFix). */
  readonly tellLists: readonly string[];
  readonly attemptFix: boolean;
  /**
   * `attempt fix` without `if defined` and the check has no fix: record fix
   * status MISCONFIG "No fix defined for this service"; the attempt still counts.
   */
  readonly fixMissing: boolean;
  /** The try lies at or after the plan's `flag escalated` try (default the second). */
  readonly escalated: boolean;
}

/** Tell the last recipients the problem cleared, then clear state (as ClearState). Never retried. */
export interface NotifyClear extends DecisionBase {
  readonly kind: 'notify-clear';
  readonly recipients: readonly AlertRecipient[];
}

export type AlertDecision = NoAction | ClearState | Notify | NotifyClear;
