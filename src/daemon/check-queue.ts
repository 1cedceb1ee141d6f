import PQueue from 'p-queue';
import { PairSet } from '../domain/pair-map.js';

/** One queued run of a service for some of its hosts. */
export interface CheckJob {
  readonly service: string;
  readonly hosts: string[];
  /** host → the slot (epoch ms) it is due for. */
  readonly due: Map<string, number>;
  readonly queuedAt: number;
}

/**
 * The check pool: at most `concurrency` jobs run at once (1.0's check workers).
 * A pair that is queued or running is never queued again, and a service has at
 * most one job waiting: hosts that come due while it waits join it, so under
 * load batches grow instead of the queue.
 */
export class CheckQueue {
  private readonly queue: PQueue;
  private readonly waiting = new Map<string, CheckJob>();
  private readonly busy = new PairSet();
  private runningJobs = 0;
  private accepting = true;

  constructor(
    concurrency: number,
    private readonly run: (job: CheckJob) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {
    this.queue = new PQueue({ concurrency });
  }

  /** Queues `hosts` of `service` due at `due`; returns the hosts actually added. */
  submit(service: string, hosts: readonly string[], due: number): string[] {
    if (!this.accepting) return [];
    const fresh = hosts.filter((h) => !this.busy.has(service, h));
    if (fresh.length === 0) return fresh;
    for (const h of fresh) this.busy.add(service, h);
    const pending = this.waiting.get(service);
    if (pending !== undefined) {
      for (const h of fresh) {
        pending.hosts.push(h);
        pending.due.set(h, due);
      }
      return fresh;
    }
    const job: CheckJob = { service, hosts: [...fresh], due: new Map(fresh.map((h) => [h, due])), queuedAt: this.now() };
    this.waiting.set(service, job);
    void this.queue.add(async () => {
      this.waiting.delete(service);
      this.runningJobs++;
      try {
        await this.run(job);
      } finally {
        this.runningJobs--;
        for (const h of job.hosts) this.busy.delete(service, h);
      }
    });
    return fresh;
  }

  isBusy(service: string, host: string): boolean {
    return this.busy.has(service, host);
  }

  get waitingJobs(): number {
    return this.waiting.size;
  }

  get running(): number {
    return this.runningJobs;
  }

  set concurrency(n: number) {
    this.queue.concurrency = n;
  }

  /** Stops accepting work and drops jobs that have not started. */
  drain(): void {
    this.accepting = false;
    this.queue.clear();
    for (const job of this.waiting.values()) for (const h of job.hosts) this.busy.delete(job.service, h);
    this.waiting.clear();
  }

  /** Resolves when no job is running (after drain()), or after `timeoutMs`; true if idle. */
  async idle(timeoutMs: number): Promise<boolean> {
    if (this.queue.pending === 0 && this.queue.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = this.queue.onIdle().then(() => true as const);
    const result = await Promise.race([done, timedOut]);
    clearTimeout(timer);
    return result;
  }
}
