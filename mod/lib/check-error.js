/**
 * Errors a check function may throw to end one host's check with a chosen
 * result. runBatch turns them into result lines; any other exception becomes
 * PROBLEM (operational failure) or MISCONFIG (a defect in the module).
 */
import { RC } from './return-code.js';

/** Ends the check with `rc`, `comment` and `scalar` (an integer, default 0). */
export class CheckError extends Error {
  constructor(rc, comment, scalar = 0) {
    super(comment);
    this.name = 'CheckError';
    this.rc = rc;
    this.scalar = scalar;
  }
}

/** The module cannot run as configured: bad option, missing prerequisite. */
export class MisconfigError extends CheckError {
  constructor(comment) {
    super(RC.MISCONFIG, comment, 0);
    this.name = 'MisconfigError';
  }
}

/** Shorthand: `throw misconfig('option port: …')`. */
export function misconfig(comment) {
  return new MisconfigError(comment);
}

/** Errors that reveal a bug in the module rather than a problem on the host. */
const DEFECTS = [TypeError, ReferenceError, SyntaxError];

/**
 * The result for an exception thrown by a check function: CheckError keeps
 * its rc; programming errors are MISCONFIG ("module failed: …"); everything
 * else (ECONNREFUSED, ENOENT, …) is PROBLEM with the error's message.
 */
export function errorResult(error) {
  if (error instanceof CheckError) return { rc: error.rc, scalar: error.scalar, comment: error.message };
  if (DEFECTS.some((type) => error instanceof type)) {
    return { rc: RC.MISCONFIG, scalar: 0, comment: `module failed: ${error.message}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { rc: RC.PROBLEM, scalar: 0, comment: message };
}
