import type { Config, Fix } from '../config/config-model.js';
import { RC } from '../domain/return-code.js';
import { DEFAULT_GRACE_MS, DEFAULT_MAX_OUTPUT_BYTES } from './run-check.js';
import type { ProcessRunner } from './process-run.js';
import { commentText } from './comment-text.js';
import { MODULE_PATH } from './module-environment.js';

/** What one fix run did: the module's return code and comment, and its wall time. */
export interface FixRunResult {
  readonly rc: number;
  readonly comment: string;
  /** Wall time in ms. */
  readonly duration: number;
}

/**
 * Runs a fix module (<moduleDir>/fix/<module>) for one pair: stdin is
 * {"version":1,"service","host","timeout","options"}, the result is the first
 * JSON line {"rc","comment"} on stdout, else the exit status with the first
 * line as comment. A timeout is TIMEDOUT "Fix timed out"; a module that cannot
 * start is MISCONFIG with the reason. Never rejects.
 */
export async function runFix(input: { fix: Fix; service: string; host: string; config: Config; runner: ProcessRunner }): Promise<FixRunResult> {
  const { fix, service, host, config } = input;
  if (fix.via !== undefined) return { rc: RC.MISCONFIG, comment: `Fixes via a transport (${fix.via}) are not supported yet`, duration: 0 };
  const timeoutSeconds = Math.ceil(fix.timeoutMs / 1000);
  const outcome = await input.runner.run({
    argv: [`${config.moduleDir}/fix/${fix.module}`],
    stdin: JSON.stringify({ version: 1, service, host, timeout: timeoutSeconds, options: fix.options }) + '\n',
    env: {
      PATH: MODULE_PATH,
      LANG: 'C.UTF-8',
      HOME: config.instance.tmpDir,
      TMPDIR: config.instance.tmpDir,
      SURVIVOR_INSTANCE: config.instance.name,
      SURVIVOR_MODDIR: config.moduleDir,
      SURVIVOR_SERVICE: service,
      SURVIVOR_HOST: host,
      SURVIVOR_TIMEOUT: String(timeoutSeconds),
    },
    cwd: config.instance.tmpDir,
    timeoutMs: fix.timeoutMs,
    graceMs: DEFAULT_GRACE_MS,
    maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
  });
  const duration = outcome.durationMs;
  if (outcome.timedOut) return { rc: RC.TIMEDOUT, comment: 'Fix timed out', duration };
  if (outcome.startError !== undefined) return { rc: RC.MISCONFIG, comment: `Fix module cannot start: ${outcome.startError}`, duration };
  const lines = outcome.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  for (const line of lines) {
    try {
      const doc = JSON.parse(line) as { rc?: unknown; comment?: unknown };
      if (typeof doc.rc === 'number' && Number.isInteger(doc.rc)) {
        return { rc: doc.rc, comment: commentText(typeof doc.comment === 'string' ? doc.comment : ''), duration };
      }
    } catch {
      // not JSON: fall back to the exit status below
    }
  }
  const rc = outcome.exitCode ?? RC.MISCONFIG;
  const comment = lines[0] ?? (outcome.signal !== null ? `Fix killed by ${outcome.signal}` : outcome.stderr.split('\n')[0] ?? '');
  return { rc, comment: commentText(comment), duration };
}
