import type { Config, PairConfig, Schedule } from '../config/config-model.js';
import { rcText } from '../domain/return-code.js';
import { pairOffsetMs } from '../schedule/pair-offset.js';
import { ScheduleView } from '../schedule/schedule-view.js';
import { NOT_YET, type CheckStatus } from '../state/check-status.js';
import { disableInForce, type PairDisable } from '../state/disable-store.js';

/** One pair as `sc status --json` prints it (times epoch ms; next undefined for `never`). */
export interface PairView {
  readonly service: string;
  readonly host: string;
  readonly rc: number;
  readonly status: string;
  readonly instances: number;
  readonly comment: string;
  readonly scalar: number;
  readonly time: number;
  readonly since: number;
  readonly duration: number;
  readonly due?: number;
  readonly next?: number;
  readonly schedule: string;
  /** Present while an operator has the pair disabled or paused (sc disable / sc pause). */
  readonly state?: 'disabled' | 'paused';
  /** Who disabled or paused it, when (epoch ms), why, and for a pause its end (epoch ms, absent: until enabled). */
  readonly disabled?: { readonly who: string; readonly comment: string; readonly time: number; readonly until?: number };
}

const HORIZON_MS = 400 * 86_400_000;

/**
 * Compiled views of the (frozen) configured schedules: compiling one per pair
 * cost sc status ~30 µs a pair, a third of its time over 10,000 pairs.
 */
const VIEWS = new WeakMap<Schedule, ScheduleView>();

function viewOf(schedule: Schedule): ScheduleView {
  let view = VIEWS.get(schedule);
  if (view === undefined) VIEWS.set(schedule, (view = new ScheduleView(schedule)));
  return view;
}

/** Approximate next check: the first slot after the one last run (now, when a reschedule is pending). */
export function nextCheck(config: Config, pair: PairConfig, status: CheckStatus | undefined, now: number): number | undefined {
  const schedule = config.schedules.get(pair.schedule);
  if (schedule === undefined) return undefined;
  if (status !== undefined && status.time === 0 && status.instances > 0) return now;
  const offset = pairOffsetMs(pair.service, pair.host, schedule, config.instance.smartScheduling);
  const last = status === undefined || status.time === 0 ? now - 1 : (status.due ?? status.time);
  return Number.isFinite(last) ? viewOf(schedule).nextSlotAfter(offset, last, HORIZON_MS) : undefined;
}

/**
 * The view of one pair at `now` (epoch ms). A disable in force (`disabled`)
 * adds `state`: a disabled pair has no next check; a paused one's next check
 * is the first slot at or after the end of the pause.
 */
export function pairView(config: Config, pair: PairConfig, status: CheckStatus | undefined, now: number, disabled?: PairDisable): PairView {
  const s = status ?? NOT_YET;
  const pending = s.time === 0 && s.instances > 0;
  const off = disableInForce(disabled, now) ? disabled : undefined;
  let next = off?.mode === 'disabled' || (off !== undefined && off.until === undefined) ? undefined : nextCheck(config, pair, status, now);
  if (next !== undefined && off?.until !== undefined && next < off.until) next = nextCheck(config, pair, { ...(status ?? NOT_YET), time: off.until - 1, due: off.until - 1 }, now);
  return {
    service: pair.service,
    host: pair.host,
    rc: s.rc,
    status: pending ? 'Reschedule request pending' : rcText(s.rc),
    instances: s.instances,
    comment: s.comment,
    scalar: s.scalar,
    time: s.time,
    since: s.since,
    duration: s.duration,
    ...(status?.due !== undefined ? { due: status.due } : {}),
    ...(next !== undefined ? { next } : {}),
    schedule: pair.schedule,
    ...(off !== undefined
      ? { state: off.mode, disabled: { who: off.who, comment: off.comment, time: off.time, ...(off.until !== undefined ? { until: off.until } : {}) } }
      : {}),
  };
}
