import { RC, isValidRc } from '../domain/return-code.js';
import { commentText } from './comment-text.js';
import type { ModuleAnswer } from './module-invocation.js';

/**
 * Reads the stdout of a batch-protocol module: one JSON object per line,
 * `{"host","rc","scalar","comment","duration"}`. Pure; never throws.
 *
 * - Lines that are not JSON objects, name no host, name a host that was not
 *   asked about, or repeat a host already answered are ignored.
 * - An rc that is not a valid return code (0–7, 20–1000) gives that host
 *   MISCONFIG, with the offending value and the module's comment.
 * - scalar: a finite number, rounded; anything else counts as 0.
 * - duration (ms): kept when a finite number >= 0 (rounded), else left out.
 *
 * @returns host → answer, for the hosts in `hosts` that were answered.
 */
export function parseBatchOutput(stdout: string, hosts: readonly string[]): Map<string, ModuleAnswer> {
  const wanted = new Set(hosts);
  const answers = new Map<string, ModuleAnswer>();
  for (const line of stdout.split('\n')) {
    const doc = jsonObject(line);
    if (doc === undefined) continue;
    const host = doc['host'];
    if (typeof host !== 'string' || !wanted.has(host) || answers.has(host)) continue;
    answers.set(host, batchAnswer(doc));
  }
  return answers;
}

function batchAnswer(doc: Record<string, unknown>): ModuleAnswer {
  const { rc, scalar, comment, duration } = doc;
  const text = typeof comment === 'string' ? commentText(comment) : typeof comment === 'number' ? String(comment) : '';
  const durationMs = typeof duration === 'number' && Number.isFinite(duration) && duration >= 0 ? Math.round(duration) : undefined;
  const base = durationMs === undefined ? {} : { duration: durationMs };
  if (typeof rc !== 'number' || !isValidRc(rc)) {
    return { ...base, rc: RC.MISCONFIG, scalar: 0, comment: invalidRcComment(rc, text) };
  }
  const value = typeof scalar === 'number' && Number.isFinite(scalar) ? Math.round(scalar) : 0;
  return { ...base, rc, scalar: value, comment: text };
}

/** The MISCONFIG comment for a result line whose rc is missing or not a valid return code. */
export function invalidRcComment(rc: unknown, comment: string): string {
  const what = rc === undefined ? 'no return code' : `invalid return code ${JSON.stringify(rc) ?? typeof rc}`;
  return commentText(`Module returned ${what}${comment === '' ? '' : `: ${comment}`}`);
}

function jsonObject(line: string): Record<string, unknown> | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const doc: unknown = JSON.parse(text);
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
