import type { Logger } from 'pino';
import type { Config } from '../config/config-model.js';
import type { ProcessRunner } from '../exec/process-run.js';
import type { CheckResult } from '../domain/check-result.js';
import { runCheck } from '../exec/run-check.js';
import type { StateStore } from '../state/state-store.js';
import type { CheckCounters } from './check-counters.js';
import type { CheckJob } from './check-queue.js';
import { gateHosts, liveCheckRunner } from './dependency-gate.js';

/** 1.0 waits this long before the one retry of a module that answered nothing (reference 5.4). */
export const EMPTY_OUTPUT_RETRY_MS = 30_000;

export interface CheckJobDeps {
  /** The configuration in force when the job starts (a reload swaps it for later jobs). */
  readonly config: () => Config;
  /** The hosts the current configuration checks for a service (jobs queued before a reload may name others). */
  readonly hostsOf: (service: string) => ReadonlySet<string> | undefined;
  readonly runner: ProcessRunner;
  readonly store: StateStore;
  readonly smart: boolean;
  readonly log: Logger;
  readonly counters: CheckCounters;
  readonly stopping: AbortSignal;
  readonly retryDelayMs?: number;
  readonly onRecorded?: (service: string, host: string, rc: number, due: number) => void;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs one job: the service's module for its due hosts, once more after a pause if
 * it answered nothing at all (smart scheduling), then records every result. Never
 * throws: a result that cannot be written (disk full, …) is logged and the
 * next slot tries again.
 */
export async function executeCheckJob(job: CheckJob, deps: CheckJobDeps): Promise<void> {
  const config = deps.config();
  const check = config.checks.get(job.service);
  if (check === undefined) return; // removed by a reload while queued
  const configured = deps.hostsOf(job.service);
  const hosts = job.hosts.filter((h) => configured?.has(h) === true);
  if (hosts.length === 0) return;
  const log = deps.log.child({ service: job.service });

  const gate = await gateHosts(
    {
      config,
      readStatus: (service, host) => deps.store.readCheckStatus(service, host).catch(() => undefined),
      runLive: liveCheckRunner(config, deps.runner),
    },
    job.service,
    hosts,
  );
  const blocked = gate.blocked.map((result) => ({ result, startedAt: Date.now(), due: job.due.get(result.host) }));
  if (gate.allowed.length === 0) {
    await record(job, blocked, deps, log, Date.now());
    return;
  }
  const startedAt = Date.now();
  for (const h of gate.allowed) deps.counters.recordStart(Math.max(0, startedAt - (job.due.get(h) ?? startedAt)));
  let run = await runCheck({ check, hosts: gate.allowed, config, runner: deps.runner, tmpDir: config.instance.tmpDir });
  if (run.noOutput && deps.smart && !deps.stopping.aborted) {
    deps.counters.retried++;
    log.warn({ hosts: hosts.length, stderr: run.stderr.slice(0, 200) }, 'module produced no output; retrying once');
    await pause(deps.retryDelayMs ?? EMPTY_OUTPUT_RETRY_MS, deps.stopping);
    if (!deps.stopping.aborted) {
      run = await runCheck({ check, hosts: gate.allowed, config, runner: deps.runner, tmpDir: config.instance.tmpDir });
    }
  }
  const entries = [...blocked, ...run.results.map((result) => ({ result, startedAt: run.startedAt, due: job.due.get(result.host) }))];
  await record(job, entries, deps, log, run.startedAt);
}

type Entry = { result: CheckResult; startedAt: number; due: number | undefined };

async function record(job: CheckJob, entries: Entry[], deps: CheckJobDeps, log: Logger, startedAt: number): Promise<void> {
  const outcomes = await deps.store.recordResults(job.service, entries);
  outcomes.forEach((o, i) => {
    const e = entries[i];
    if (e === undefined) return;
    if (o.error !== undefined) {
      const detail = o.error.code === 'SURVIVOR_HISTORY_IO' ? 'checkstatus was updated but the checkhistory line is missing' : 'checkstatus keeps its previous content';
      log.error({ host: o.host, err: o.error }, `cannot record the check result: ${detail}`);
      return;
    }
    deps.counters.recordResult(e.result.rc);
    deps.onRecorded?.(job.service, e.result.host, e.result.rc, e.due ?? startedAt);
    log.debug({ host: e.result.host, rc: e.result.rc, comment: e.result.comment }, 'check result');
  });
}
