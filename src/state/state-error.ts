/**
 * The one catalogue of state and history fault codes (src/history uses it too). Callers (daemon, sc, sw)
 * match on `code`, never on the message; `cause` keeps the underlying error.
 */
export const STATE_ERROR_CODES = {
  /** The pair lock could not be taken within the wait budget (another writer holds it). */
  LOCKED: 'SURVIVOR_STATE_LOCKED',
  /** The pair lock was lost while held (a stale-lock takeover after a long stall). */
  LOCK_COMPROMISED: 'SURVIVOR_STATE_LOCK_COMPROMISED',
  /** A file could not be read or written (ENOSPC, EIO, EACCES, …); the old file is intact. */
  IO: 'SURVIVOR_STATE_IO',
  /** A history file could not be appended to, repaired or read. */
  HISTORY_IO: 'SURVIVOR_HISTORY_IO',
  /** A state file exists but is not a valid record (unparseable JSON or wrong shape). */
  CORRUPT: 'SURVIVOR_STATE_CORRUPT',
  /** A service or host name that cannot be a path component under var/. */
  BAD_NAME: 'SURVIVOR_STATE_BAD_NAME',
  /** statedir or historydir does not exist. */
  MISSING_DIR: 'SURVIVOR_STATE_MISSING_DIR',
} as const;

export type StateErrorCode = (typeof STATE_ERROR_CODES)[keyof typeof STATE_ERROR_CODES];

export interface StateErrorDetails {
  /** The file or directory involved. */
  readonly path?: string;
  readonly service?: string;
  readonly host?: string;
  readonly cause?: unknown;
}

/** A fault in reading or writing var/: typed by `code`, located by path and pair. */
export class StateError extends Error {
  readonly code: StateErrorCode;
  readonly path?: string;
  readonly service?: string;
  readonly host?: string;

  constructor(code: StateErrorCode, message: string, details: StateErrorDetails = {}) {
    super(withLocation(message, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'StateError';
    this.code = code;
    if (details.path !== undefined) this.path = details.path;
    if (details.service !== undefined) this.service = details.service;
    if (details.host !== undefined) this.host = details.host;
  }
}

function withLocation(message: string, d: StateErrorDetails): string {
  const pair = d.service !== undefined && d.host !== undefined ? ` (${d.service}@${d.host})` : '';
  const path = d.path !== undefined ? `: ${d.path}` : '';
  const errno = errnoCode(d.cause);
  return `${message}${pair}${path}${errno === undefined ? '' : ` [${errno}]`}`;
}

/** The errno name (ENOENT, ENOSPC, …) of a Node fs error, if it is one. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

/** Wraps an fs failure as SURVIVOR_STATE_IO, keeping StateErrors as they are. */
export function ioError(message: string, cause: unknown, details: Omit<StateErrorDetails, 'cause'> = {}): StateError {
  if (cause instanceof StateError) return cause;
  return new StateError(STATE_ERROR_CODES.IO, message, { ...details, cause });
}
