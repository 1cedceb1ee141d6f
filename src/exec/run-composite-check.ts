import type { CompositeCheck } from '../config/config-model.js';
import type { CheckResult } from '../domain/check-result.js';
import { RC } from '../domain/return-code.js';
import { composeStatus, type ComponentResult } from './compose-status.js';
import type { InvocationContext } from './module-invocation.js';
import type { ProcessRunner } from './process-run.js';
import { runSimpleCheck, type HostResults } from './run-simple-check.js';

interface Arrival {
  readonly name: string;
  readonly required: boolean;
  readonly run: HostResults;
}

/**
 * Runs a composite check: every required and optional component (a simple
 * check of config.checks) in parallel for all hosts, with the composite's
 * own timeout (component timeouts are ignored, reference 2.3.2), then
 * composes each host's result from the components in the order they
 * finished (compose-status.ts). A component that is missing or not simple
 * counts as a MISCONFIG result. Never rejects.
 */
export async function runCompositeCheck(
  composite: CompositeCheck,
  base: Omit<InvocationContext, 'check'>,
  runner: ProcessRunner,
): Promise<HostResults> {
  const components = [
    ...composite.required.map((name) => ({ name, required: true })),
    ...composite.optional.map((name) => ({ name, required: false })),
  ];
  const arrivals: Arrival[] = [];
  await Promise.all(components.map(async ({ name, required }) => {
    const check = base.config.checks.get(name);
    const run = check?.kind === 'simple'
      ? await runSimpleCheck({ ...base, check }, runner)
      : misconfigured(base.hosts, `Component ${name} of ${composite.name} is not a simple check`);
    arrivals.push({ name, required, run });
  }));

  const results = new Map<string, CheckResult>();
  for (const host of base.hosts) {
    const parts: ComponentResult[] = arrivals.map(({ required, run }) => ({ required, result: resultFor(run, host) }));
    results.set(host, composeStatus(host, parts));
  }
  const stderr = arrivals
    .filter(({ run }) => run.stderr !== '')
    .map(({ name, run }) => `[${name}] ${run.stderr}`)
    .join('\n');
  return { results, noOutput: arrivals.length > 0 && arrivals.every(({ run }) => run.noOutput), stderr: stderr.slice(0, base.maxOutputBytes) };
}

function resultFor(run: HostResults, host: string): CheckResult {
  return run.results.get(host) ?? { host, rc: RC.MISCONFIG, scalar: 0, comment: 'no result', duration: -1 };
}

function misconfigured(hosts: readonly string[], comment: string): HostResults {
  const results = new Map(hosts.map((host) => [host, { host, rc: RC.MISCONFIG, scalar: 0, comment, duration: 0 }]));
  return { results, noOutput: false, stderr: '' };
}
