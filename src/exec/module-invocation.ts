import type { Config, SimpleCheck } from '../config/config-model.js';
import type { ProcessOutcome, ProcessRequest } from './process-run.js';

/** What one run of a simple check needs to know, whatever its protocol. */
export interface InvocationContext {
  readonly check: SimpleCheck;
  /** Distinct hosts, in request order. */
  readonly hosts: readonly string[];
  readonly config: Config;
  /** Instance temp dir: the module's cwd, HOME and TMPDIR. */
  readonly tmpDir: string;
  /** The timeout that applies (a composite's own for its components), ms > 0. */
  readonly timeoutMs: number;
  readonly graceMs: number;
  readonly maxOutputBytes: number;
}

/** One host's result as the module reported it; duration (ms) only when the module gave one. */
export interface ModuleAnswer {
  readonly rc: number;
  readonly scalar: number;
  readonly comment: string;
  readonly duration?: number;
}

/**
 * One process to start and how to read its outcome. `interpret` is pure and
 * returns only the hosts the process actually answered for (a subset of
 * `hosts`); the caller decides what the others get.
 */
export interface ModuleInvocation {
  readonly request: ProcessRequest;
  readonly hosts: readonly string[];
  readonly interpret: (outcome: ProcessOutcome) => ReadonlyMap<string, ModuleAnswer>;
}

/** The ProcessRequest fields every protocol shares. */
export function moduleRequest(
  ctx: InvocationContext,
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  stdin = '',
): ProcessRequest {
  return { argv, env, stdin, cwd: ctx.tmpDir, timeoutMs: ctx.timeoutMs, graceMs: ctx.graceMs, maxOutputBytes: ctx.maxOutputBytes };
}
