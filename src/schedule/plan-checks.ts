/**
 * The check planner: which pairs run when within one planning window. Pure:
 * everything it knows arrives in PlanInput.
 *
 * Rules (the check loop plans contiguous windows [windowStart, windowEnd)):
 *  - every slot of a pair inside the window becomes a dispatch at that slot
 *    (contiguous windows plan each slot once; the loop also never dispatches
 *    twice at an instant it already passed unless the clock jumped);
 *  - a pair with no slot in the window that missed one (a slot in
 *    (lastDue, windowStart)) is caught up ONCE, at the instant of the window
 *    that is ≡ its offset (mod the window length): however many slots an
 *    outage or a clock jump forward skipped, the pair runs once, and the
 *    catch-ups of all pairs are spread over the window instead of bursting at
 *    its start; anchoring on the offset rather than on windowStart keeps a
 *    catch-up at the same instant when the loop replans the rest of a window
 *    after an early tick, instead of pushing it back each time;
 *  - a pair never run (lastDue 0) counts as having missed any slot in the last
 *    CATCH_UP_LOOKBACK_MS, so it gets its first run in the first window;
 *  - a catch-up is not placed where a `never` rule decides (the maintenance
 *    night stays quiet; the pair runs at its next slot instead);
 *  - a rescheduled pair (sc reschedule) runs at windowStart;
 *  - no run of a pair is planned at an instant where `disabled` says an
 *    operator disabled or paused it (sc disable / sc pause); a pause that ends
 *    inside the window lets the later slots run;
 *  - a pair whose lastDue is later than windowStart (the clock went back) is
 *    treated as if it had run at its latest slot before the window: nothing
 *    missed, and its slots in the window run, even the one equal to lastDue
 *    (by real time that ran a whole jump ago), so it does not stall until the
 *    clock catches up;
 *  - busy pairs (queued or running) keep their regular slots (dispatch drops
 *    a pair still busy then), but are neither rescheduled nor caught up until
 *    they are free;
 *  - with smart scheduling, 1.0's staggering cap (stagger-cap.ts) limits the
 *    catch-ups of OK pairs per service and schedule; beyond it only pairs
 *    whose rc is not OK (a pair never checked counts as not OK) are caught up
 *    now, the others in later windows.
 * The caller records lastDue = dispatch.at for every host it dispatches; these
 * rules rely on it.
 */
import type { PairConfig, Schedule } from '../config/config-model.js';
import { RC } from '../domain/return-code.js';
import { gridIntervalMs } from './compiled-schedule.js';
import { DAY_MS, floorMod } from './local-time.js';
import { offsetMs, scheduleCycleMs } from './pair-offset.js';
import { ScheduleView } from './schedule-view.js';
import { staggerCap } from './stagger-cap.js';

/** One job for the check pool: a service and its hosts due at `at` (epoch ms). */
export interface Dispatch {
  readonly at: number;
  readonly service: string;
  /** In configuration order. */
  readonly hosts: readonly string[];
}

/** What the planner needs to know about a pair's last run. */
export interface PairTiming {
  /** Epoch ms: the `at` of the dispatch that last ran the pair; 0 = never run. */
  readonly lastDue: number;
  /** An operator asked for a run at the next opportunity (sc reschedule). */
  readonly rescheduled: boolean;
  readonly rc: number;
}

export interface PlanInput {
  /** In configuration order. */
  readonly pairs: readonly PairConfig[];
  readonly schedules: ReadonlyMap<string, Schedule>;
  /** undefined = the pair has never run. */
  readonly timing: (service: string, host: string) => PairTiming | undefined;
  /** Epoch ms, inclusive. */
  readonly windowStart: number;
  /** Epoch ms, exclusive. */
  readonly windowEnd: number;
  /** Smart scheduling: per-pair offsets and the staggering cap (off = `ss -S`). */
  readonly smart: boolean;
  /** True while the pair is queued or running. */
  readonly busy: (service: string, host: string) => boolean;
  /** The service's check timeout in ms, for the staggering cap. */
  readonly timeoutMs: (service: string) => number;
  /** True when an operator disabled or paused the pair at `at` (epoch ms): no run is planned then. Default: never. */
  readonly disabled?: (service: string, host: string, at: number) => boolean;
}

/** How far back a missed slot still earns a catch-up (and a never-run pair its first run). */
export const CATCH_UP_LOOKBACK_MS = 35 * DAY_MS;

interface ScheduleContext {
  readonly name: string;
  readonly view: ScheduleView;
  readonly cycleMs: number;
}

interface CatchUp {
  readonly index: number;
  readonly pair: PairConfig;
  readonly at: number;
  readonly rc: number;
  readonly context: ScheduleContext;
}

/**
 * Plans one window. Returns dispatches sorted by `at`, one per (service, at),
 * services at the same instant in configuration order. Pairs whose schedule is
 * not in `schedules` are skipped (the loader never produces them). Throws
 * RangeError for non-finite window bounds, and node-cron's Error for a cron
 * expression the loader would have refused.
 */
export function planChecks(input: PlanInput): Dispatch[] {
  const { windowStart, windowEnd } = input;
  if (!Number.isFinite(windowStart) || !Number.isFinite(windowEnd)) {
    throw new RangeError(`Expected a finite planning window, got [${windowStart}, ${windowEnd})`);
  }
  if (!(windowEnd > windowStart)) return [];
  const windowMs = windowEnd - windowStart;
  const contexts = new Map<string, ScheduleContext | undefined>();
  const contextOf = (name: string): ScheduleContext | undefined => {
    if (contexts.has(name)) return contexts.get(name);
    const schedule = input.schedules.get(name);
    const context = schedule && { name, view: new ScheduleView(schedule), cycleMs: scheduleCycleMs(schedule) };
    contexts.set(name, context);
    return context;
  };
  const table = new DispatchTable();
  const catchUps: CatchUp[] = [];
  const slots: number[] = [];
  input.pairs.forEach((pair, index) => {
    const context = contextOf(pair.schedule);
    if (context === undefined) return;
    const offset = input.smart ? offsetMs(pair.service, pair.host, context.cycleMs) : 0;
    const timing = input.timing(pair.service, pair.host);
    const lastDue = timing?.lastDue ?? 0;
    // A pair still running keeps its regular slots (dispatch drops it if it is still busy then);
    // only the immediate runs — reschedule and catch-up — wait for it to finish.
    const busy = input.busy(pair.service, pair.host);
    const off = (at: number): boolean => input.disabled?.(pair.service, pair.host, at) === true;
    const rescheduled = timing?.rescheduled === true && !busy && !off(windowStart);
    if (rescheduled) table.add(windowStart, pair.service, index);
    for (const slot of context.view.slotsInto(offset, windowStart, windowEnd, slots)) {
      if (!(rescheduled && slot === windowStart) && !off(slot)) table.add(slot, pair.service, index);
    }
    if (busy || rescheduled || slots.length > 0 || lastDue >= windowStart) return;
    const notBefore = Math.max(lastDue + 1, windowStart - CATCH_UP_LOOKBACK_MS);
    if (context.view.lastSlotBefore(offset, windowStart, notBefore) === undefined) return;
    const at = windowStart + floorMod(offset - windowStart, windowMs);
    if (context.view.deciderAt(at)?.kind === 'never' || off(at)) return;
    catchUps.push({ index, pair, at, rc: timing?.rc ?? RC.NOTYET, context });
  });
  for (const c of admitCatchUps(input, catchUps)) table.add(c.at, c.pair.service, c.index);
  return table.dispatches(input.pairs);
}

/** Applies the staggering cap (smart scheduling only); returns the catch-ups to plan now. */
function admitCatchUps(input: PlanInput, catchUps: readonly CatchUp[]): CatchUp[] {
  if (!input.smart || catchUps.length === 0) return [...catchUps];
  const hostsOnSchedule = new Map<string, number>();
  for (const p of input.pairs) {
    const key = `${p.service}\0${p.schedule}`;
    hostsOnSchedule.set(key, (hostsOnSchedule.get(key) ?? 0) + 1);
  }
  const caps = new Map<string, { readonly cap: number | undefined; admitted: number }>();
  return catchUps.filter((c) => {
    const key = `${c.pair.service}\0${c.context.name}`;
    let group = caps.get(key);
    if (group === undefined) {
      const decider = c.context.view.deciderAt(input.windowStart);
      const intervalMs = decider?.kind === 'every' ? gridIntervalMs(decider.intervalMs) : undefined;
      group = { cap: staggerCap(hostsOnSchedule.get(key) ?? 0, intervalMs, input.timeoutMs(c.pair.service)), admitted: 0 };
      caps.set(key, group);
    }
    if (group.cap !== undefined && group.admitted >= group.cap && c.rc === RC.OK) return false;
    group.admitted++;
    return true;
  });
}

/** Dispatches keyed by instant, then service, holding pair indices so hosts come out in configuration order. */
class DispatchTable {
  readonly #byInstant = new Map<number, Map<string, number[]>>();

  add(at: number, service: string, index: number): void {
    let services = this.#byInstant.get(at);
    if (services === undefined) {
      services = new Map();
      this.#byInstant.set(at, services);
    }
    const indices = services.get(service);
    if (indices === undefined) services.set(service, [index]);
    else if (indices[indices.length - 1] !== index) indices.push(index);
  }

  dispatches(pairs: readonly PairConfig[]): Dispatch[] {
    const out: Dispatch[] = [];
    const instants = [...this.#byInstant.keys()].sort((a, b) => a - b);
    for (const at of instants) {
      const services = [...(this.#byInstant.get(at) ?? new Map<string, number[]>())];
      for (const [, indices] of services) indices.sort((a, b) => a - b);
      services.sort((a, b) => (a[1][0] ?? 0) - (b[1][0] ?? 0));
      for (const [service, indices] of services) {
        out.push({ at, service, hosts: indices.map((i) => pairs[i]?.host ?? '') });
      }
    }
    return out;
  }
}
