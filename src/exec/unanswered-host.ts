import type { CheckResult } from '../domain/check-result.js';
import { RC } from '../domain/return-code.js';
import { commentText } from './comment-text.js';
import type { ProcessOutcome } from './process-run.js';

/** 1.0's comment for a host the module was killed before answering. */
export const TIMED_OUT_COMMENT = 'Timed out';
/** 1.0's comment for a host the module did not answer; a hint may follow after ": ". */
export const NO_OUTPUT_COMMENT = 'Module is misconfigured (no output received)';

/**
 * The result of a host its process did not answer for (reference 3.4, 5.4):
 * TIMEDOUT "Timed out" when the process was killed by the timeout, else
 * MISCONFIG "Module is misconfigured (no output received)" followed by a
 * hint at why (see failureHint). Duration is the process's wall time. Pure.
 *
 * @param anyAnswer whether the process answered for some other host
 */
export function unansweredHost(host: string, outcome: ProcessOutcome, anyAnswer: boolean): CheckResult {
  const duration = outcome.durationMs;
  if (outcome.timedOut) return { host, rc: RC.TIMEDOUT, scalar: 0, comment: TIMED_OUT_COMMENT, duration };
  const hint = failureHint(outcome, anyAnswer);
  const comment = commentText(hint === '' ? NO_OUTPUT_COMMENT : `${NO_OUTPUT_COMMENT}: ${hint}`);
  return { host, rc: RC.MISCONFIG, scalar: 0, comment, duration };
}

/** Longest stderr excerpt in a hint, in characters. */
const STDERR_EXCERPT = 200;

/**
 * Why a process may have given no usable output, most telling first, joined
 * with "; ": "cannot start: …", "killed by SIGSEGV" or "exit status 3", then
 * "output truncated" or "no valid result in the output", then "stderr: <its
 * first non-empty line>". Empty when there is nothing to say.
 */
export function failureHint(outcome: ProcessOutcome, anyAnswer: boolean): string {
  const parts: string[] = [];
  if (outcome.startError !== undefined) parts.push(`cannot start: ${outcome.startError}`);
  else if (outcome.signal !== null) parts.push(`killed by ${outcome.signal}`);
  else if (outcome.exitCode !== null && outcome.exitCode !== 0) parts.push(`exit status ${outcome.exitCode}`);
  if (outcome.truncated) parts.push('output truncated');
  else if (!anyAnswer && outcome.stdout.trim() !== '') parts.push('no valid result in the output');
  const line = outcome.stderr.split('\n').map((l) => l.trim()).find((l) => l !== '');
  if (line !== undefined) parts.push(`stderr: ${line.length > STDERR_EXCERPT ? line.slice(0, STDERR_EXCERPT - 1) + '…' : line}`);
  return parts.join('; ');
}
