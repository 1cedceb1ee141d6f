import type { Clock, TimerHandle } from '../schedule/clock.js';
import { realClock } from '../schedule/clock.js';
import { deliverEntry } from './deliver-entry.js';
import type { DeliveryDeps } from './deliver-entry.js';
import type { Outbox } from './outbox.js';
import type { DeliveryOutcome, OutboxEntry } from './outbox-entry.js';
import { DEFAULT_RETRY_POLICY, retryDelay } from './retry-policy.js';
import type { RetryPolicy } from './retry-policy.js';
import type { TransmitResult } from './transmitter.js';

export interface DelivererOptions {
  readonly outbox: Outbox;
  readonly deps: DeliveryDeps;
  /**
   * Records a final outcome (the alert worker appends alerthistory). Called
   * at least once per entry: if it rejects, or the daemon dies before the
   * entry is removed, it is called again later.
   */
  readonly record: (entry: OutboxEntry, outcome: DeliveryOutcome) => Promise<void>;
  readonly clock?: Clock;
  /** Deliveries at once (instance.cf `alert workers`); default 5. */
  readonly concurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** How often (ms) the outbox is re-read in case a wake() was missed; default 60 000. */
  readonly rescanIntervalMs?: number;
  /** Told about each temporary failure that will be retried at `nextAttempt` (epoch ms). */
  readonly onRetry?: (entry: OutboxEntry, result: TransmitResult, nextAttempt: number) => void;
  /** Told about outbox or record faults; the entry is tried again after the initial retry delay. */
  readonly onError?: (err: unknown, entry?: OutboxEntry) => void;
}

/**
 * Delivers the outbox: every entry is formatted and transmitted until it is
 * sent or fails for good, its outcome recorded, then removed.
 *
 * - Journal order per attempt: state sending (attempts + 1) → transmit →
 *   pending with nextAttempt (temporary failure) or done with the outcome →
 *   record() → remove. A crash leaves the entry in the state it reached.
 * - Recovery (start() and every rescan): an entry in state sending that no
 *   delivery here is working on was interrupted mid-transmit, so it is sent
 *   again marked as a possible duplicate; pending entries are sent normally;
 *   done entries are only recorded.
 * - Temporary failures wait retryDelay (5 s doubling to 5 min); one at or
 *   after the entry's max age (default 24 h) is final (`expired`).
 * - At most `concurrency` deliveries run at once, oldest due first.
 */
export class Deliverer {
  private readonly clock: Clock;
  private readonly policy: RetryPolicy;
  private readonly concurrency: number;
  /** The latest known version of every entry not yet removed. */
  private readonly known = new Map<string, OutboxEntry>();
  private readonly running = new Map<string, Promise<void>>();
  /** After a fault: no attempt before this time (epoch ms). */
  private readonly holds = new Map<string, number>();
  /** Sequence number of this process's last write to each entry, so a scan cannot bring back older versions. */
  private readonly touched = new Map<string, number>();
  private seq = 0;
  private scanning: Promise<void> | undefined;
  private scanAgain = false;
  private pumpTimer: TimerHandle | undefined;
  private rescanTimer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly options: DelivererOptions) {
    this.clock = options.clock ?? realClock;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.concurrency = Math.max(1, Math.trunc(options.concurrency ?? 5));
  }

  /** Reads the outbox (recovering interrupted entries) and starts delivering; resolves once it has been read. */
  async start(): Promise<void> {
    await this.rescan();
    this.pump();
  }

  /** Call after enqueueing: re-reads the outbox and delivers what is due. */
  wake(): void {
    void this.rescan().then(() => this.pump());
  }

  /** Resolves when no scan or delivery runs and nothing is due now (for tests and shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const due = this.firstDue();
      if (this.scanning !== undefined) await this.scanning;
      else if (this.running.size > 0) await Promise.all(this.running.values());
      else if (!this.stopped && due !== undefined && due <= this.clock.now()) this.pump();
      else return;
    }
  }

  /** Stops starting deliveries and waits for the running ones to finish recording. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of [this.pumpTimer, this.rescanTimer]) if (timer !== undefined) this.clock.clearTimer(timer);
    await this.scanning;
    await Promise.all(this.running.values());
  }

  private rescan(): Promise<void> {
    if (this.scanning !== undefined) {
      this.scanAgain = true;
      return this.scanning;
    }
    this.scanning = this.scanLoop().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  private async scanLoop(): Promise<void> {
    do {
      this.scanAgain = false;
      const mark = this.seq;
      let entries: OutboxEntry[];
      try {
        entries = await this.options.outbox.list();
      } catch (err) {
        this.options.onError?.(err);
        break;
      }
      const newer = (id: string): boolean => (this.touched.get(id) ?? -1) > mark;
      const onDisk = new Set<string>();
      for (const entry of entries) {
        onDisk.add(entry.id);
        if (!this.running.has(entry.id) && !newer(entry.id)) this.known.set(entry.id, entry);
      }
      for (const id of this.known.keys()) {
        if (onDisk.has(id) || this.running.has(id) || newer(id)) continue;
        this.known.delete(id); // removed by someone else
        this.holds.delete(id);
      }
      for (const [id, seq] of this.touched) if (seq <= mark) this.touched.delete(id);
    } while (this.scanAgain && !this.stopped);
    if (!this.stopped) {
      if (this.rescanTimer !== undefined) this.clock.clearTimer(this.rescanTimer);
      this.rescanTimer = this.clock.setTimer(() => this.wake(), this.options.rescanIntervalMs ?? 60_000);
    }
  }

  /** Launches due entries up to the concurrency limit and arms the timer for the next one. */
  private pump(): void {
    if (this.stopped) return;
    if (this.pumpTimer !== undefined) this.clock.clearTimer(this.pumpTimer);
    this.pumpTimer = undefined;
    const now = this.clock.now();
    const waiting = [...this.known.values()]
      .filter((e) => !this.running.has(e.id))
      .sort((a, b) => this.dueAt(a) - this.dueAt(b) || (a.id < b.id ? -1 : 1));
    for (const entry of waiting) {
      if (this.running.size >= this.concurrency || this.dueAt(entry) > now) break;
      this.launch(entry);
    }
    const next = this.firstDue();
    if (next !== undefined && next > now) this.pumpTimer = this.clock.setTimer(() => this.pump(), next - now);
  }

  private launch(entry: OutboxEntry): void {
    const run = this.handle(entry)
      .catch((err: unknown) => {
        this.holds.set(entry.id, this.clock.now() + this.policy.initialDelayMs);
        this.options.onError?.(err, this.known.get(entry.id) ?? entry);
      })
      .finally(() => {
        this.running.delete(entry.id);
        this.pump();
      });
    this.running.set(entry.id, run);
  }

  /** Takes one entry as far as it goes: a transmit attempt and, when final, record and removal. */
  private async handle(start: OutboxEntry): Promise<void> {
    const { outbox } = this.options;
    this.holds.delete(start.id);
    let entry = start;
    if (entry.state === 'sending') entry = this.remember(entry.id, await outbox.markDuplicate(entry.id)) ?? entry;
    if (!this.known.has(entry.id)) return;
    if (entry.state === 'pending') {
      const sending = this.remember(entry.id, await outbox.markSending(entry.id));
      if (sending === undefined) return;
      const { result } = await deliverEntry(sending, this.options.deps);
      const now = this.clock.now();
      const maxAge = sending.maxAgeMs ?? this.policy.maxAgeMs;
      if (result.outcome === 'temporary' && now - sending.created < maxAge) {
        const nextAttempt = now + retryDelay(sending.attempts, this.policy);
        const reply = result.reply ?? 'temporary failure';
        if (this.remember(entry.id, await outbox.reschedule(entry.id, nextAttempt, reply)) !== undefined) {
          this.options.onRetry?.(sending, result, nextAttempt);
        }
        return;
      }
      const done = this.remember(entry.id, await outbox.markDone(entry.id, finalOutcome(sending, result, now)));
      if (done === undefined) return;
      entry = done;
    }
    if (entry.state === 'done' && entry.result !== undefined) {
      await this.options.record(entry, entry.result);
      await outbox.complete(entry.id);
      this.remember(entry.id, undefined);
    }
  }

  /** Notes what this process just wrote (undefined: the entry is gone) and returns it. */
  private remember(id: string, entry: OutboxEntry | undefined): OutboxEntry | undefined {
    this.touched.set(id, ++this.seq);
    if (entry === undefined) {
      this.known.delete(id);
      this.holds.delete(id);
    } else {
      this.known.set(id, entry);
    }
    return entry;
  }

  private dueAt(entry: OutboxEntry): number {
    const scheduled = entry.state === 'pending' ? (entry.nextAttempt ?? 0) : 0;
    return Math.max(scheduled, this.holds.get(entry.id) ?? 0);
  }

  /** The earliest due time of the entries not being delivered, or undefined when there are none. */
  private firstDue(): number | undefined {
    let first: number | undefined;
    for (const entry of this.known.values()) {
      if (this.running.has(entry.id)) continue;
      const due = this.dueAt(entry);
      if (first === undefined || due < first) first = due;
    }
    return first;
  }
}

function finalOutcome(entry: OutboxEntry, result: TransmitResult, now: number): DeliveryOutcome {
  const expired = result.outcome === 'temporary';
  const reply = expired ? `gave up after ${entry.attempts} attempts: ${result.reply ?? 'temporary failure'}` : result.reply;
  return {
    outcome: result.outcome === 'sent' ? 'sent' : 'failed',
    rc: result.rc,
    ...(reply === undefined ? {} : { reply }),
    time: now,
    attempts: entry.attempts,
    duplicate: entry.message.duplicate === true,
    ...(expired ? { expired: true } : {}),
  };
}
