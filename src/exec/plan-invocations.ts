import { RC, isValidRc } from '../domain/return-code.js';
import { checkModulePath, moduleEnvironment, optionEnvironment } from './module-environment.js';
import { moduleRequest, type InvocationContext, type ModuleAnswer, type ModuleInvocation } from './module-invocation.js';
import { parseBatchOutput } from './parse-batch-output.js';
import { parsePluginOutput } from './parse-plugin-output.js';
import { nagiosCommand } from './nagios-command.js';
import { parseSurvivorXmlOutput, survivorCheckData } from './survivor-xml.js';
import type { ProcessOutcome } from './process-run.js';

/**
 * The processes one run of a simple check starts, by protocol (SPEC §5):
 * batch and survivor-xml start one process for all hosts, single and nagios
 * one per host (run in parallel by the caller). Pure.
 */
export function planInvocations(ctx: InvocationContext): ModuleInvocation[] {
  switch (ctx.check.protocol) {
    case 'batch':
      return [batchInvocation(ctx)];
    case 'survivor-xml':
      return [survivorXmlInvocation(ctx)];
    case 'single':
      return ctx.hosts.map((host) => singleInvocation(ctx, host));
    case 'nagios':
      return ctx.hosts.map((host) => nagiosInvocation(ctx, host));
  }
}

function batchInvocation(ctx: InvocationContext): ModuleInvocation {
  const { check, hosts } = ctx;
  const stdin = JSON.stringify({ version: 1, service: check.name, hosts, timeout: ctx.timeoutMs / 1000, options: check.options });
  return {
    request: moduleRequest(ctx, [checkModulePath(ctx.config, check.module)], moduleEnvironment(ctx), stdin + '\n'),
    hosts,
    interpret: (outcome) => parseBatchOutput(outcome.stdout, hosts),
  };
}

function survivorXmlInvocation(ctx: InvocationContext): ModuleInvocation {
  const { check, hosts } = ctx;
  const stdin = survivorCheckData(hosts, ctx.timeoutMs, check.options);
  return {
    request: moduleRequest(ctx, [checkModulePath(ctx.config, check.module)], moduleEnvironment(ctx), stdin),
    hosts,
    interpret: (outcome) => parseSurvivorXmlOutput(outcome.stdout, hosts),
  };
}

/** single: the exit status is the return code. */
function singleInvocation(ctx: InvocationContext, host: string): ModuleInvocation {
  const env = moduleEnvironment(ctx, { ...optionEnvironment(ctx.check.options), SURVIVOR_HOST: host });
  return {
    request: moduleRequest(ctx, [checkModulePath(ctx.config, ctx.check.module)], env),
    hosts: [host],
    interpret: (outcome) => exitStatusAnswer(host, outcome, (status) => status, 'Module'),
  };
}

/** Nagios plugin exit statuses 0–3 (OK, WARNING, CRITICAL, UNKNOWN) as Survivor return codes. */
const NAGIOS_RC: readonly number[] = [RC.OK, RC.WARNING, RC.PROBLEM, RC.NOTICE];

/** nagios: argv from the check's `command` template (default: the module itself, no arguments). */
function nagiosInvocation(ctx: InvocationContext, host: string): ModuleInvocation {
  const { check } = ctx;
  const argv = check.command === undefined || check.command.length === 0
    ? [checkModulePath(ctx.config, check.module)]
    : nagiosCommand(check.command, host, check.name, check.options);
  return {
    request: moduleRequest(ctx, argv, moduleEnvironment(ctx, { SURVIVOR_HOST: host })),
    hosts: [host],
    interpret: (outcome) => exitStatusAnswer(host, outcome, (status) => NAGIOS_RC[status] ?? -1, 'Plugin'),
  };
}

/**
 * The answer of a one-host process whose exit status carries the result.
 * A process that timed out, was killed by a signal or never started has not
 * answered; an exit status that maps to no valid code gives MISCONFIG.
 */
function exitStatusAnswer(
  host: string,
  outcome: ProcessOutcome,
  toRc: (status: number) => number,
  who: string,
): ReadonlyMap<string, ModuleAnswer> {
  if (outcome.timedOut || outcome.exitCode === null) return new Map();
  const { comment, scalar } = parsePluginOutput(outcome.stdout);
  const rc = toRc(outcome.exitCode);
  const answer: ModuleAnswer = isValidRc(rc)
    ? { rc, scalar, comment }
    : { rc: RC.MISCONFIG, scalar: 0, comment: `${who} exited with status ${outcome.exitCode}${comment === '' ? '' : `: ${comment}`}` };
  return new Map([[host, answer]]);
}
