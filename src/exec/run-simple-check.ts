import type { CheckResult } from '../domain/check-result.js';
import { RC } from '../domain/return-code.js';
import type { InvocationContext } from './module-invocation.js';
import { planInvocations } from './plan-invocations.js';
import type { ProcessOutcome, ProcessRequest, ProcessRunner } from './process-run.js';
import { unansweredHost } from './unanswered-host.js';

/** The results of one run of a simple check, by host. */
export interface HostResults {
  readonly results: ReadonlyMap<string, CheckResult>;
  /** True when no host got an answer from the module and nothing timed out. */
  readonly noOutput: boolean;
  /** The processes' stderr (one block per process that wrote any), capped at the output limit. */
  readonly stderr: string;
}

/**
 * Runs a simple check once for `ctx.hosts`: starts its processes in parallel
 * through `runner`, reads their answers, and gives every unanswered host its
 * TIMEDOUT or MISCONFIG result. A module's answer keeps its own duration;
 * otherwise the duration is the process's wall time (ms). Never rejects.
 */
export async function runSimpleCheck(ctx: InvocationContext, runner: ProcessRunner): Promise<HostResults> {
  if (ctx.check.via !== undefined) {
    const comment = `Checks via a transport (${ctx.check.via}) are not supported yet`;
    const results = new Map(ctx.hosts.map((host) => [host, { host, rc: RC.MISCONFIG, scalar: 0, comment, duration: 0 }]));
    return { results, noOutput: false, stderr: '' };
  }
  const invocations = planInvocations(ctx);
  const outcomes = await Promise.all(invocations.map((invocation) => safeRun(runner, invocation.request)));
  const results = new Map<string, CheckResult>();
  let answered = 0;
  const stderr: string[] = [];
  invocations.forEach((invocation, i) => {
    const outcome = outcomes[i] as ProcessOutcome;
    const answers = invocation.interpret(outcome);
    answered += answers.size;
    for (const host of invocation.hosts) {
      const answer = answers.get(host);
      results.set(host, answer === undefined
        ? unansweredHost(host, outcome, answers.size > 0)
        : { host, rc: answer.rc, scalar: answer.scalar, comment: answer.comment, duration: answer.duration ?? outcome.durationMs });
    }
    if (outcome.stderr.trim() !== '') stderr.push(outcome.stderr.trimEnd());
  });
  const timedOut = outcomes.some((outcome) => outcome.timedOut);
  return { results, noOutput: answered === 0 && !timedOut, stderr: stderr.join('\n').slice(0, ctx.maxOutputBytes) };
}

/** runner.run, with a rejection (a broken runner) turned into a start failure. */
async function safeRun(runner: ProcessRunner, request: ProcessRequest): Promise<ProcessOutcome> {
  const startedAt = Date.now();
  try {
    return await runner.run(request);
  } catch (err) {
    const startError = `process runner failed: ${err instanceof Error ? err.message : String(err)}`;
    return { exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false, startError, startedAt, durationMs: 0 };
  }
}
