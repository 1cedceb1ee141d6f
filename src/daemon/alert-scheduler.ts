import { join } from 'node:path';
import PQueue from 'p-queue';
import type { Logger } from 'pino';
import type { Config } from '../config/config-model.js';
import { Deliverer } from '../delivery/deliverer.js';
import { DeliveryResolver } from '../delivery/delivery-resolver.js';
import type { DeliveryOutcome, OutboxEntry } from '../delivery/outbox-entry.js';
import { Outbox } from '../delivery/outbox.js';
import type { ProcessRunner } from '../exec/process-run.js';
import type { AlertStore } from '../state/alert-store.js';
import type { StateStore } from '../state/state-store.js';
import { executeAlertJob, type AlertJob } from './alert-job.js';
import { runAlertPass, type AlertPassStats } from './alert-pass.js';
import { nextWatch, pairsToDecide } from './alert-watch.js';
import { recordJournaledPages } from './journaled-pages.js';
import { pairKey } from '../domain/names.js';

export interface AlertSchedulerDeps {
  readonly config: () => Config;
  readonly store: StateStore;
  readonly alerts: AlertStore;
  readonly runner: ProcessRunner;
  readonly log: Logger;
  readonly prefix: string;
  /** The check scheduler's latest rc of a pair (undefined = unknown): pairs that are OK and were OK last pass are skipped. */
  readonly rcOf: (service: string, host: string) => number | undefined;
  readonly who: string;
  readonly alertWorkers?: number;
  /** True while an operator has the pair disabled or paused at `now` (ms): it is not decided, so nothing is sent or cleared. */
  readonly disabled?: (service: string, host: string, now: number) => boolean;
}

/**
 * The alert scheduler of one instance (reference 5.7): a pass every poll
 * interval, starting one interval (or the alert shift) after start-up so the
 * check scheduler records results first; an alert pool of `alert workers`;
 * and the deliverer that sends the outbox journal, including what a previous
 * run left unsent.
 */
export class AlertScheduler {
  private readonly queue: PQueue;
  private readonly busy = new Set<string>();
  private readonly outbox: Outbox;
  private readonly resolver: DeliveryResolver;
  private readonly deliverer: Deliverer;
  private timer: NodeJS.Timeout | undefined;
  private passing = false;
  private stopped = false;
  private firstPassDone = false;
  /** Pairs the next pass decides besides those failing then (alert-watch.ts). */
  private watch: ReadonlySet<string> = new Set<string>();
  private last: AlertPassStats & { start: number; duration: number } = { evaluated: 0, notified: 0, cleared: 0, throttled: false, start: 0, duration: 0 };
  private readonly counters = { passes: 0, notified: 0, delivered: 0, failed: 0 };

  constructor(private readonly deps: AlertSchedulerDeps) {
    const config = deps.config();
    this.queue = new PQueue({ concurrency: deps.alertWorkers ?? config.instance.alertWorkers });
    this.outbox = new Outbox(join(config.instance.stateDir, 'outbox'), {
      fsync: config.instance.stateFsync,
      onCorrupt: (path, reason) => deps.log.error({ path, reason }, 'unreadable outbox entry set aside'),
    });
    this.resolver = DeliveryResolver.fromConfig(config, deps.runner, deps.prefix);
    this.deliverer = new Deliverer({
      outbox: this.outbox,
      deps: this.resolver,
      concurrency: config.instance.alertWorkers,
      record: (entry, outcome) => this.record(entry, outcome),
      onRetry: (entry, result, next) => deps.log.warn({ id: entry.id, service: entry.service, host: entry.host, reply: result.reply, next }, 'alert delivery failed temporarily; will retry'),
      onError: (err, entry) => deps.log.error({ err, id: entry?.id }, 'alert delivery fault'),
    });
  }

  /**
   * Finishes alert attempts a crash interrupted (journaled-pages.ts), then
   * starts delivering the journal and the first pass after one poll interval
   * (or the alert shift): that first pass decides every pair, so it must see them.
   */
  start(): void {
    const config = this.deps.config();
    let keys: Set<string> | undefined; // built on the first outbox entry: most start-ups have none
    const configured = (service: string, host: string): boolean =>
      (keys ??= new Set(config.pairs.map((p) => pairKey(p.service, p.host)))).has(pairKey(service, host));
    void recordJournaledPages({ outbox: this.outbox, alerts: this.deps.alerts, history: this.deps.store.history, configured, log: this.deps.log })
      .catch((err: unknown) => this.deps.log.error({ err }, 'cannot check the outbox for alerts journaled before a crash'))
      .then(() => {
        if (this.stopped) return;
        this.deliverer.start().catch((err: unknown) => this.deps.log.error({ err }, 'cannot start alert delivery'));
        const first = config.alerting.alertShiftMs > 0 ? config.alerting.alertShiftMs : config.instance.pollIntervalMs;
        this.timer = setTimeout(() => this.tick(), first);
      });
  }

  /** Stops passes, drops queued jobs, waits for running ones up to `graceMs`, then stops delivery. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.queue.clear();
    const deadline = Date.now() + graceMs;
    await Promise.race([this.queue.onIdle(), sleep(graceMs)]);
    await Promise.race([this.deliverer.stop(), sleep(Math.max(0, deadline - Date.now()))]);
    await this.resolver.close();
    await this.heartbeat();
  }

  private tick(): void {
    if (this.stopped) return;
    const interval = this.deps.config().instance.pollIntervalMs;
    this.timer = setTimeout(() => this.tick(), interval);
    if (this.passing) return;
    this.passing = true;
    void this.pass().finally(() => {
      this.passing = false;
    });
  }

  private async pass(): Promise<void> {
    const config = this.deps.config();
    const start = Date.now();
    const { rcOf } = this.deps;
    const decide = pairsToDecide({
      pairs: config.pairs,
      firstPass: !this.firstPassDone,
      rcOf,
      disabled: (service, host) => this.deps.disabled?.(service, host, start) === true,
      watch: this.watch,
    });
    try {
      const { stats, again } = await runAlertPass(
        {
          config,
          alerts: this.deps.alerts,
          now: start,
          busy: (s, h) => this.busy.has(pairKey(s, h)),
          submit: (job) => this.submit(job),
          log: this.deps.log,
        },
        decide,
      );
      this.watch = nextWatch(again);
      this.firstPassDone = true;
      this.counters.passes++;
      this.counters.notified += stats.notified;
      this.last = { ...stats, start, duration: Date.now() - start };
    } catch (err) {
      // Whatever this pass had to decide, the next one decides, recoveries included.
      this.watch = new Set([...this.watch, ...nextWatch(decide)]);
      this.deps.log.error({ err }, 'alert pass failed; the next pass tries again');
    }
    await this.heartbeat();
  }

  private submit(job: AlertJob): void {
    const key = pairKey(job.service, job.host);
    this.busy.add(key);
    void this.queue
      .add(() =>
        executeAlertJob(job, {
          config: this.deps.config,
          alerts: this.deps.alerts,
          history: this.deps.store.history,
          runner: this.deps.runner,
          outbox: this.outbox,
          wake: () => this.deliverer.wake(),
          log: this.deps.log,
          who: this.deps.who,
          now: Date.now,
        }),
      )
      .catch((err: unknown) => this.deps.log.error({ err, service: job.service, host: job.host }, 'alert job failed'))
      .finally(() => this.busy.delete(key));
  }

  /** Appends the final outcome of a delivery to the pair's alerthistory. */
  private async record(entry: OutboxEntry, outcome: DeliveryOutcome): Promise<void> {
    const m = entry.message;
    if (outcome.outcome === 'sent') this.counters.delivered++;
    else this.counters.failed++;
    const log = outcome.outcome === 'sent' ? this.deps.log.info.bind(this.deps.log) : this.deps.log.error.bind(this.deps.log);
    log({ service: entry.service, host: entry.host, alert: m.alert, addresses: m.addresses, rc: outcome.rc, reply: outcome.reply, duplicate: outcome.duplicate }, outcome.outcome === 'sent' ? 'alert sent' : 'alert failed');
    const configured = this.deps.config().pairs.some((p) => p.service === entry.service && p.host === entry.host);
    if (!configured) return; // the pair was removed meanwhile: no state directory to lock
    await this.deps.alerts.update(
      entry.service,
      entry.host,
      async () => ({
        // A crash after recording but before the entry was removed brings it back at start-up: record it once.
        history: (await this.alreadyRecorded(entry, outcome)) ? {} : {
          alert: [
            {
              time: outcome.time,
              rc: outcome.rc,
              checkRc: m.rc,
              addresses: [...m.addresses],
              alert: m.alert,
              callLists: [...m.callLists],
              clear: m.clear,
              ...(entry.try !== undefined ? { try: entry.try } : {}),
              ...(outcome.reply !== undefined ? { reply: outcome.reply } : {}),
              ...(outcome.duplicate ? { duplicate: true } : {}),
            },
          ],
        },
      }),
      { notify: false },
    );
  }

  /** Is this entry's outcome already the newest matching alerthistory record? */
  private async alreadyRecorded(entry: OutboxEntry, outcome: DeliveryOutcome): Promise<boolean> {
    for await (const r of this.deps.store.history.readAlert(entry.service, entry.host, { reverse: true, limit: 20, from: outcome.time })) {
      if (r.time === outcome.time && r.alert === entry.message.alert && r.try === entry.try && r.clear === entry.message.clear) return true;
    }
    return false;
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.deps.store.writeRunning('alert', { pass: this.last, queued: this.queue.size, running: this.queue.pending, counters: this.counters });
    } catch (err) {
      this.deps.log.error({ err }, 'cannot write running/alert');
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
