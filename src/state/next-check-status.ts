import type { CheckResult } from '../domain/check-result.js';
import type { CheckHistoryRecord } from '../history/history-record.js';
import type { CheckStatus } from './check-status.js';

/** A check result as it is recorded: the module's answer plus when it ran. */
export interface ResultEntry {
  readonly result: CheckResult;
  /** Epoch ms when the check started (becomes checkstatus `time` and the history record's `time`). */
  readonly startedAt: number;
  /** Epoch ms of the scheduled slot this check ran for; absent for manual runs and trips. */
  readonly due?: number | undefined;
}

/**
 * The checkstatus after recording `entry` on top of `prev` (reference 5.5).
 * Same rc as before: instances + 1, since kept (or the start time if it was
 * 0). Different rc, or no previous status: instances 1, since = the start
 * time. The comment is flattened to one line. Pure.
 */
export function nextCheckStatus(prev: CheckStatus | undefined, entry: ResultEntry): CheckStatus {
  const { result, startedAt: time, due } = entry;
  const same = prev !== undefined && prev.rc === result.rc && prev.instances > 0;
  return {
    version: 1,
    rc: result.rc,
    instances: same ? prev.instances + 1 : 1,
    comment: flattenComment(result.comment),
    scalar: result.scalar,
    time,
    since: same && prev.since > 0 ? prev.since : time,
    duration: result.duration,
    ...(due === undefined ? {} : { due }),
  };
}

/** The comment on one line: every CR, LF, CRLF (and Unicode line/paragraph separator) becomes one space, as 1.0 did. */
export function flattenComment(comment: string): string {
  return comment.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

/** The checkhistory record of a new checkstatus. */
export function historyRecordOf(status: CheckStatus): CheckHistoryRecord {
  const { time, rc, scalar, comment, duration, due } = status;
  return { time, rc, scalar, comment, duration, ...(due === undefined ? {} : { due }) };
}
