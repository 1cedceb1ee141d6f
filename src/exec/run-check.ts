import type { Check, Config } from '../config/config-model.js';
import type { CheckResult } from '../domain/check-result.js';
import { RC } from '../domain/return-code.js';
import type { InvocationContext } from './module-invocation.js';
import type { ProcessRunner } from './process-run.js';
import { runCompositeCheck } from './run-composite-check.js';
import { runSimpleCheck, type HostResults } from './run-simple-check.js';
import { TIMED_OUT_COMMENT } from './unanswered-host.js';

/** Default time between SIGTERM and SIGKILL to a timed-out module's group, ms. */
export const DEFAULT_GRACE_MS = 2000;
/** Default cap on each of a module's stdout and stderr, bytes. */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

export interface RunCheckInput {
  readonly check: Check;
  /** Hosts to check; results come back one per entry, in this order. */
  readonly hosts: readonly string[];
  readonly config: Config;
  readonly runner: ProcessRunner;
  /** Instance temp dir: cwd, HOME and TMPDIR of the modules. */
  readonly tmpDir: string;
  /** SIGTERM → SIGKILL grace, ms (default DEFAULT_GRACE_MS). */
  readonly graceMs?: number;
  /** Per-stream output cap, bytes (default DEFAULT_MAX_OUTPUT_BYTES). */
  readonly maxOutputBytes?: number;
  /** Epoch-ms clock for `startedAt` (default Date.now). */
  readonly now?: () => number;
}

export interface CheckRun {
  /** Exactly one per requested host, in request order. */
  readonly results: CheckResult[];
  /** True when the module produced no result at all and was not timed out (smart scheduling retries once on this). */
  readonly noOutput: boolean;
  /** Epoch ms when the run started. */
  readonly startedAt: number;
  /** What the module processes wrote to stderr, for the log. */
  readonly stderr: string;
}

/**
 * Runs one check for `hosts` and turns whatever the module did into one
 * result per host: a module that hangs, crashes, prints garbage or nothing
 * yields TIMEDOUT or MISCONFIG results with the reason, never an exception.
 * A timeout of 0 gives TIMEDOUT for every host without starting anything.
 * Never rejects (as long as `runner` keeps its contract).
 */
export async function runCheck(input: RunCheckInput): Promise<CheckRun> {
  const startedAt = (input.now ?? Date.now)();
  const { check } = input;
  const hosts = [...new Set(input.hosts)];
  let run: HostResults;
  if (check.timeoutMs <= 0) {
    run = timedOutAtOnce(hosts);
  } else {
    const base: Omit<InvocationContext, 'check'> = {
      hosts,
      config: input.config,
      tmpDir: input.tmpDir,
      timeoutMs: check.timeoutMs,
      graceMs: input.graceMs ?? DEFAULT_GRACE_MS,
      maxOutputBytes: input.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
    };
    run = check.kind === 'composite'
      ? await runCompositeCheck(check, base, input.runner)
      : await runSimpleCheck({ ...base, check }, input.runner);
  }
  const results = input.hosts.map((host) =>
    run.results.get(host) ?? { host, rc: RC.MISCONFIG, scalar: 0, comment: 'no result', duration: -1 });
  return { results, noOutput: run.noOutput, startedAt, stderr: run.stderr };
}

function timedOutAtOnce(hosts: readonly string[]): HostResults {
  const results = new Map(hosts.map((host) => [host, { host, rc: RC.TIMEDOUT, scalar: 0, comment: TIMED_OUT_COMMENT, duration: 0 }]));
  return { results, noOutput: false, stderr: '' };
}
