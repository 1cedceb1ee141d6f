/**
 * The state of one simple or rotating call list as read from disk
 * (<statedir>/calllist/<list>/status and substitutions; layout owned by
 * src/state). Aliases share their original's state. Times are epoch ms.
 */

/** Who got the last notification from a list, at which address, by which alert method. */
export interface NotifiedPerson {
  readonly person: string;
  readonly address: string;
  readonly alert: string;
}

export interface CallListStatus {
  readonly version: 1;
  readonly lastNotified?: NotifiedPerson;
  /**
   * Rotating lists: the person on call (before substitutions). Simple lists:
   * the member whose turn the last notification was, which differs from
   * lastNotified.person when a substitute took it.
   */
  readonly onCall?: string;
  /** Rotating lists: when onCall last changed (rotation instants after it are still to be counted). */
  readonly lastRotate?: number;
}

/** `sc clsub`: `with` stands in for `replace` from `from` to `until`, both inclusive. */
export interface Substitution {
  readonly from: number;
  readonly until: number;
  readonly replace: string;
  readonly with: string;
}

/** One person to notify, at the address for the list's alert method. */
export interface Recipient {
  readonly person: string;
  readonly address: string;
  readonly alert: string;
}

/**
 * The person standing in for `person` at `atMs`: the `with` of the first
 * substitution (in stored order) that replaces `person`, covers atMs
 * (from ≤ atMs ≤ until) and names a current member of the list; `person`
 * itself when none does. Never throws.
 */
export function substituteFor(person: string, members: readonly string[], substitutions: readonly Substitution[], atMs: number): string {
  const entry = substitutions.find((s) => s.replace === person && s.from <= atMs && atMs <= s.until && members.includes(s.with));
  return entry?.with ?? person;
}
