import { isValidRc } from '../domain/return-code.js';
import type { ProcessOutcome } from '../exec/process-run.js';
import { TRANSMIT_RC } from './transmitter.js';
import type { TransmitResult } from './transmitter.js';

/** sysexits.h EX_TEMPFAIL: "try again later". */
export const EXIT_TEMPFAIL = 75;

/** How much of a module's stderr becomes the reply. */
const MAX_REPLY_CHARS = 500;

/**
 * What a format or transmit module's process outcome means for delivery:
 * - exit 0 → sent (for a format: formatted, go on);
 * - exit 75 (EX_TEMPFAIL) → temporary;
 * - timed out, or killed by a signal it did not ask for (daemon shutdown,
 *   OOM killer) → temporary: the message may not have gone out;
 * - could not start because the module is missing or not executable →
 *   permanent rc 4; other start failures (EMFILE, runner closed) → temporary;
 * - any other exit → permanent, rc = the exit code when it is a valid return
 *   code, else 1.
 * The reply is the end of stderr (or a description of what happened). Pure.
 */
export function classifyModuleExit(outcome: ProcessOutcome, timeoutMs: number): TransmitResult {
  const said = lastWords(outcome.stderr);
  if (outcome.startError !== undefined) {
    const misconfigured = /\((ENOENT|EACCES|ENOEXEC)\)/.test(outcome.startError);
    return { outcome: misconfigured ? 'permanent' : 'temporary', rc: misconfigured ? TRANSMIT_RC.MISCONFIG : TRANSMIT_RC.FAILED, reply: outcome.startError };
  }
  if (outcome.timedOut) {
    return { outcome: 'temporary', rc: TRANSMIT_RC.TIMEDOUT, reply: joined(`timed out after ${timeoutMs / 1000} s`, said) };
  }
  if (outcome.exitCode === null) {
    return { outcome: 'temporary', rc: TRANSMIT_RC.FAILED, reply: joined(`killed by ${outcome.signal ?? 'a signal'}`, said) };
  }
  const code = outcome.exitCode;
  if (code === 0) return { outcome: 'sent', rc: TRANSMIT_RC.SENT, ...(said === '' ? {} : { reply: said }) };
  if (code === EXIT_TEMPFAIL) return { outcome: 'temporary', rc: TRANSMIT_RC.FAILED, reply: said || 'exit code 75 (try again later)' };
  return { outcome: 'permanent', rc: isValidRc(code) ? code : TRANSMIT_RC.FAILED, reply: said || `exit code ${code}` };
}

/** The last lines of `stderr`, on one line, at most MAX_REPLY_CHARS characters. */
function lastWords(stderr: string): string {
  const text = stderr.trim().split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '').join(' | ');
  return text.length <= MAX_REPLY_CHARS ? text : `...${text.slice(-(MAX_REPLY_CHARS - 3))}`;
}

function joined(what: string, said: string): string {
  return said === '' ? what : `${what}: ${said}`;
}
