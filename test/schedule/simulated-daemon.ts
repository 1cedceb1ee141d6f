/**
 * The real CheckLoop, planner and timer ticker on a FakeClock, with a daemon
 * stand-in that records every run and keeps lastDue the way the scheduler does.
 */
import type { PairConfig, Schedule } from '../../src/config/config-model.js';
import { RC } from '../../src/domain/return-code.js';
import { CheckLoop, type PassStats } from '../../src/schedule/check-loop.js';
import { pairOffsetMs } from '../../src/schedule/pair-offset.js';
import { planChecks, type PairTiming } from '../../src/schedule/plan-checks.js';
import { timerTicker } from '../../src/schedule/poll-ticker.js';
import { FakeClock } from './fake-clock.js';

export interface Run {
  readonly service: string;
  readonly host: string;
  /** The dispatch's due instant. */
  readonly at: number;
  /** Wall clock when it was dispatched. */
  readonly firedAt: number;
}

export interface SimulationOptions {
  readonly start: number;
  readonly pairs: readonly PairConfig[];
  readonly schedules: readonly Schedule[];
  readonly pollIntervalMs: number;
  readonly smart?: boolean;
  /** Initial lastDue of every pair, or per pair from its offset (default: never run). */
  readonly lastDue?: number | ((pair: PairConfig, offsetMs: number) => number);
}

export class SimulatedDaemon {
  readonly clock: FakeClock;
  readonly runs: Run[] = [];
  readonly passes: PassStats[] = [];
  readonly #timings = new Map<string, PairTiming>();
  readonly #loop: CheckLoop;
  readonly #schedules: ReadonlyMap<string, Schedule>;
  readonly #smart: boolean;

  constructor(readonly options: SimulationOptions) {
    this.clock = new FakeClock(options.start);
    this.#schedules = new Map(options.schedules.map((s) => [s.name, s]));
    this.#smart = options.smart ?? true;
    const lastDue = options.lastDue;
    if (lastDue !== undefined) {
      for (const p of options.pairs) {
        const due = typeof lastDue === 'number' ? lastDue : lastDue(p, this.offsetOf(p));
        this.#timings.set(key(p.service, p.host), { lastDue: due, rescheduled: false, rc: RC.OK });
      }
    }
    this.#loop = new CheckLoop({
      clock: this.clock,
      ticker: timerTicker(this.clock),
      pollIntervalMs: options.pollIntervalMs,
      plan: (windowStart, windowEnd) =>
        planChecks({
          pairs: options.pairs,
          schedules: this.#schedules,
          timing: (service, host) => this.#timings.get(key(service, host)),
          windowStart,
          windowEnd,
          smart: this.#smart,
          busy: () => false,
          timeoutMs: () => 45_000,
        }),
      dispatch: (d) => {
        for (const host of d.hosts) {
          this.runs.push({ service: d.service, host, at: d.at, firedAt: this.clock.now() });
          this.#timings.set(key(d.service, host), { lastDue: d.at, rescheduled: false, rc: RC.OK });
        }
      },
      onPass: (s) => this.passes.push(s),
    });
  }

  start(): this {
    this.#loop.start();
    return this;
  }

  stop(): void {
    this.#loop.stop();
  }

  runsOf(pair: PairConfig): Run[] {
    return this.runs.filter((r) => r.service === pair.service && r.host === pair.host);
  }

  offsetOf(pair: PairConfig): number {
    const s = this.#schedules.get(pair.schedule);
    return s === undefined ? 0 : pairOffsetMs(pair.service, pair.host, s, this.#smart);
  }
}

function key(service: string, host: string): string {
  return `${service}\0${host}`;
}
