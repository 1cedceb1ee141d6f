import type { Logger } from 'pino';
import type { Config } from '../config/config-model.js';
import type { ProcessRunner } from '../exec/process-run.js';
import { CheckLoop, type Dispatch } from '../schedule/check-loop.js';
import { planChecks } from '../schedule/plan-checks.js';
import { pairChange } from '../state/reconcile-state.js';
import { realClock, startPollTicker } from '../schedule/poll-ticker.js';
import { DisableStore, disableInForce, type PairDisable } from '../state/disable-store.js';
import type { StateStore } from '../state/state-store.js';
import { CheckCounters } from './check-counters.js';
import { executeCheckJob } from './check-job.js';
import { CheckQueue } from './check-queue.js';
import { pairKey } from '../domain/names.js';
import { PairMap } from '../domain/pair-map.js';
import { RC } from '../domain/return-code.js';
import { timingFromStatus, type PairTiming } from './pair-timing.js';

type MutableTiming = { -readonly [K in keyof PairTiming]: PairTiming[K] };

export interface SchedulerDeps {
  readonly store: StateStore;
  readonly runner: ProcessRunner;
  readonly log: Logger;
  readonly smart: boolean;
  readonly checkWorkers?: number;
  /** How often notices left by sc/sw are picked up (ms). */
  readonly noticeIntervalMs?: number;
  readonly retryDelayMs?: number;
}

/**
 * The check scheduler of one instance: plans every poll interval, dispatches jobs at
 * their due times into the check pool, records results, and swaps configurations
 * on reload without stopping running checks.
 */
export class Scheduler {
  private config: Config;
  /** service → hosts of the current configuration, rebuilt on reload. */
  private hostsByService: Map<string, Set<string>>;
  /** Updated in place at every dispatch and result: no garbage per check (100,000 pairs). */
  private readonly timings = new PairMap<MutableTiming>();
  /** The `disabled` records of configured pairs (sc disable / pause), loaded at start and reload, refreshed on notices. */
  private readonly disabledPairs = new PairMap<PairDisable>();
  private readonly disables: DisableStore;
  private readonly counters = new CheckCounters();
  private readonly queue: CheckQueue;
  private readonly stopping = new AbortController();
  private loop: CheckLoop | undefined;
  private noticeTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private noticeBusy = false;
  private lastPass: Record<string, unknown> = {};

  constructor(config: Config, private readonly deps: SchedulerDeps) {
    this.config = config;
    this.hostsByService = hostsByService(config);
    this.disables = new DisableStore(deps.store);
    this.queue = new CheckQueue(deps.checkWorkers ?? config.instance.checkWorkers, (job) =>
      executeCheckJob(job, {
        config: () => this.config,
        hostsOf: (service) => this.hostsByService.get(service),
        runner: deps.runner,
        store: deps.store,
        smart: deps.smart,
        log: deps.log,
        counters: this.counters,
        stopping: this.stopping.signal,
        ...(deps.retryDelayMs !== undefined ? { retryDelayMs: deps.retryDelayMs } : {}),
        onRecorded: (service, host, rc) => {
          const t = this.timings.get(service, host);
          if (t !== undefined) t.rc = rc;
        },
      }),
    );
  }

  get currentConfig(): Config {
    return this.config;
  }

  /** Is the pair's check queued or running right now? (The web monitor's "Running".) */
  isChecking(service: string, host: string): boolean {
    return this.queue.isBusy(service, host);
  }

  /** The latest recorded rc of a pair, undefined when it is not configured. */
  rcOf(service: string, host: string): number | undefined {
    return this.timings.get(service, host)?.rc;
  }

  /**
   * True when an operator disabled the pair, or paused it and `now` (epoch ms)
   * is before the end of the pause: it is then neither checked nor alerted.
   */
  isDisabled(service: string, host: string, now: number): boolean {
    return disableInForce(this.disabledPairs.get(service, host), now);
  }

  /** Reconciles state with the configuration, loads pair timings and starts the loop. */
  async start(): Promise<void> {
    await this.deps.store.reconcile(this.config);
    await this.loadPairs(this.config.pairs);
    this.loop = new CheckLoop({
      clock: realClock,
      ticker: startPollTicker,
      pollIntervalMs: this.config.instance.pollIntervalMs,
      plan: (windowStart, windowEnd) => this.plan(windowStart, windowEnd),
      dispatch: (d) => this.dispatch(d),
      onError: (err) => this.deps.log.error({ err }, 'check scheduler pass failed; the next pass tries again'),
      onPass: (stats) => {
        this.lastPass = { ...stats };
        void this.heartbeat();
      },
    });
    this.loop.start();
    const every = this.deps.noticeIntervalMs ?? Math.min(1000, this.config.instance.pollIntervalMs);
    this.noticeTimer = setInterval(() => void this.pickUpNotices(), every);
    // Besides every pass, every 10 s (Nagios rewrites its status file as often), so readers see fresh counters.
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), Math.min(10_000, this.config.instance.pollIntervalMs));
  }

  /**
   * Swaps in a configuration that loadConfig already validated. Only the
   * pairs it adds are read from var/ (their state is created first); pairs
   * in both keep what this process knows of them (timings, rc, disables,
   * which notices keep fresh): a reload of 100,000 pairs costs what it changes.
   */
  async reload(next: Config): Promise<void> {
    const change = pairChange(this.config, next);
    await this.deps.store.reconcileChange(this.config, next, change);
    await this.loadPairs(change.added);
    this.config = next;
    this.hostsByService = hostsByService(next);
    this.queue.concurrency = this.deps.checkWorkers ?? next.instance.checkWorkers;
    for (const pairs of [this.timings, this.disabledPairs]) {
      for (const [service, host] of pairs.entries()) if (!change.keys.has(pairKey(service, host))) pairs.delete(service, host);
    }
    // Added pairs get their slots in the window already planned, not from the next pass on.
    if (change.added.length > 0) this.loop?.planMore((windowStart, windowEnd) => this.plan(windowStart, windowEnd, change.added));
  }

  /**
   * Stops scheduling, lets running checks finish for up to `graceMs`, then returns;
   * the caller closes the runner, which kills whatever is still running.
   */
  async stop(graceMs: number): Promise<boolean> {
    this.stopping.abort();
    this.loop?.stop();
    if (this.noticeTimer !== undefined) clearInterval(this.noticeTimer);
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    this.queue.drain();
    const idle = await this.queue.idle(graceMs);
    await this.heartbeat();
    return idle;
  }

  private plan(windowStart: number, windowEnd: number, pairs: Config['pairs'] = this.config.pairs): Dispatch[] {
    const config = this.config;
    return planChecks({
      pairs,
      schedules: config.schedules,
      timing: (service, host) => this.timings.get(service, host),
      windowStart,
      windowEnd,
      smart: this.deps.smart,
      busy: (service, host) => this.queue.isBusy(service, host),
      timeoutMs: (service) => config.checks.get(service)?.timeoutMs ?? 45_000,
      disabled: (service, host, at) => this.isDisabled(service, host, at),
    });
  }

  private dispatch(d: Dispatch): void {
    // A pair disabled after the window was planned is dropped here; it is not marked as run.
    const hosts = d.hosts.filter((h) => !this.isDisabled(d.service, h, d.at));
    if (hosts.length === 0) return;
    const added = this.queue.submit(d.service, hosts, d.at);
    for (const host of added) {
      const t = this.timings.get(d.service, host);
      if (t === undefined) this.timings.set(d.service, host, { lastDue: d.at, rescheduled: false, rc: RC.NOTYET });
      else {
        t.lastDue = d.at;
        t.rescheduled = false;
      }
    }
  }

  /** Reads the disables and timings of `pairs` from var/ (all at start, the added ones at reload). */
  private async loadPairs(pairs: Config['pairs']): Promise<void> {
    if (pairs.length === 0) return;
    const disabled = await this.disables.readAll(pairs, (err) => this.deps.log.error({ err }, 'unreadable disabled file ignored'));
    const statuses = await this.deps.store.readAllCheckStatus(pairs);
    pairs.forEach((p, i) => {
      const d = disabled[i];
      if (d === undefined) this.disabledPairs.delete(p.service, p.host);
      else this.disabledPairs.set(p.service, p.host, d);
      const t = timingFromStatus(statuses[i]);
      if (t !== undefined) this.timings.set(p.service, p.host, t);
    });
  }

  /** Applies changes sc/sw made to pair state; rescheduled pairs run at once. */
  private async pickUpNotices(): Promise<void> {
    if (this.noticeBusy || this.stopping.signal.aborted) return;
    this.noticeBusy = true;
    try {
      const notices = await this.deps.store.takeNotices();
      const now = Date.now();
      for (const n of notices) {
        if (!this.hostsByService.get(n.service)?.has(n.host)) continue;
        const disabled = await this.disables.read(n.service, n.host);
        if (disabled === undefined) this.disabledPairs.delete(n.service, n.host);
        else this.disabledPairs.set(n.service, n.host, disabled);
        const t = timingFromStatus(await this.deps.store.readCheckStatus(n.service, n.host));
        if (t === undefined) continue;
        this.timings.set(n.service, n.host, t);
        if (t.rescheduled) this.dispatch({ at: now, service: n.service, hosts: [n.host] });
      }
      await this.removeEndedPauses(now);
    } catch (err) {
      this.deps.log.error({ err }, 'cannot read notices');
    } finally {
      this.noticeBusy = false;
    }
  }

  /** Pauses whose end has passed: forgotten here and their files removed (the pair resumes at its next slot). */
  private async removeEndedPauses(now: number): Promise<void> {
    for (const [service, host, d] of this.disabledPairs.entries()) {
      if (disableInForce(d, now)) continue;
      this.disabledPairs.delete(service, host);
      try {
        await this.disables.removeExpired(service, host, now);
      } catch (err) {
        this.deps.log.warn({ err, service, host }, 'cannot remove an ended pause; it is ignored');
      }
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.deps.store.writeRunning('check', {
        pass: this.lastPass,
        queued: this.queue.waitingJobs,
        running: this.queue.running,
        pairs: this.config.pairs.length,
        counters: this.counters.toJSON(),
        latency: this.counters.takeLatency(),
      });
    } catch (err) {
      this.deps.log.error({ err }, 'cannot write running/check');
    }
  }
}

function hostsByService(config: Config): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const p of config.pairs) {
    let hosts = map.get(p.service);
    if (hosts === undefined) map.set(p.service, (hosts = new Set()));
    hosts.add(p.host);
  }
  return map;
}
