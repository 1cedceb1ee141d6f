import type { Dependency } from '../config/alert-model.js';
import type { Config } from '../config/config-model.js';
import type { CheckResult } from '../domain/check-result.js';
import { RC } from '../domain/return-code.js';
import type { ProcessRunner } from '../exec/process-run.js';
import { runCheck } from '../exec/run-check.js';
import type { CheckStatus } from '../state/check-status.js';
import { dependenciesOf } from './dependency-match.js';

/** Even with `maximum 0 dependencies` (unbounded), a chain this long is a cycle. */
const HARD_DEPTH_LIMIT = 64;

export interface DependencyGateDeps {
  readonly config: Config;
  /** Stored status of a pair (Type I). */
  readonly readStatus: (service: string, host: string) => Promise<CheckStatus | undefined>;
  /** Runs check `service` against `host` now and returns its rc (Type II). */
  readonly runLive: (service: string, host: string) => Promise<number>;
}

/** Why a run is blocked, as the DEPEND comment 1.0 recorded; undefined when it may run. */
export type Blocker = string | undefined;

/**
 * Decides whether check (or fix) `name` may run on `host` (reference 5.11):
 * Type I looks at the stored rc of the dependency pair (never run does not
 * block); Type II runs the dependency check live, following its own Type II
 * dependencies up to `maximum N dependencies`. Live results are cached in
 * `cache` for the caller's batch.
 */
export async function blockerFor(
  deps: DependencyGateDeps,
  kind: 'check' | 'fix',
  name: string,
  host: string,
  cache: Map<string, Promise<number>> = new Map(),
  depth = 0,
): Promise<Blocker> {
  for (const d of dependenciesOf(deps.config, kind, name, host)) {
    const blocker = d.type === 'status' ? await statusBlocker(deps, d, host) : await liveBlocker(deps, d, cache, depth);
    if (blocker !== undefined) return blocker;
  }
  return undefined;
}

async function statusBlocker(deps: DependencyGateDeps, d: Dependency, host: string): Promise<Blocker> {
  const depHost = d.on.host ?? host;
  const st = await deps.readStatus(d.on.check, depHost);
  if (st === undefined || st.rc === RC.OK || st.rc === RC.NOTYET) return undefined;
  return `Dependency "${d.on.check}@${depHost}" has error status ${st.rc}`;
}

async function liveBlocker(deps: DependencyGateDeps, d: Dependency, cache: Map<string, Promise<number>>, depth: number): Promise<Blocker> {
  const host = d.on.host;
  if (host === undefined) return undefined;
  const max = deps.config.alerting.maxDependencies;
  if ((max > 0 && depth >= max) || depth >= HARD_DEPTH_LIMIT) {
    return `Dependency "${d.on.check}@${host}" exceeds the maximum of ${max > 0 ? max : HARD_DEPTH_LIMIT} nested dependencies`;
  }
  const key = `${d.on.check}\0${host}`;
  let rc = cache.get(key);
  if (rc === undefined) {
    rc = (async () => {
      const nested = await blockerFor(deps, 'check', d.on.check, host, cache, depth + 1);
      return nested === undefined ? deps.runLive(d.on.check, host) : RC.DEPEND;
    })();
    cache.set(key, rc);
  }
  const result = await rc;
  return result === RC.OK ? undefined : `Dependency "${d.on.check}@${host}" failed with status ${result}`;
}

/** Splits a job's hosts into those that may run and DEPEND results for the blocked ones. */
export async function gateHosts(
  deps: DependencyGateDeps,
  service: string,
  hosts: readonly string[],
): Promise<{ allowed: string[]; blocked: CheckResult[] }> {
  const allowed: string[] = [];
  const blocked: CheckResult[] = [];
  if (deps.config.alerting.dependencies.length === 0) return { allowed: [...hosts], blocked };
  const cache = new Map<string, Promise<number>>();
  for (const host of hosts) {
    const blocker = await blockerFor(deps, 'check', service, host, cache);
    if (blocker === undefined) allowed.push(host);
    else blocked.push({ host, rc: RC.DEPEND, scalar: 0, comment: blocker, duration: 0 });
  }
  return { allowed, blocked };
}

/** The Type II runner: check `service` against `host` now with the check's own module and timeout; its rc. */
export function liveCheckRunner(config: Config, runner: ProcessRunner): (service: string, host: string) => Promise<number> {
  return async (service, host) => {
    const check = config.checks.get(service);
    if (check === undefined) return RC.MISCONFIG;
    const run = await runCheck({ check, hosts: [host], config, runner, tmpDir: config.instance.tmpDir });
    return run.results[0]?.rc ?? RC.MISCONFIG;
  };
}
