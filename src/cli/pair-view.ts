import type { Config, PairConfig } from '../config/config-model.js';
import { rcText } from '../domain/return-code.js';
import { pairOffsetMs } from '../schedule/pair-offset.js';
import { nextSlotAfter } from '../schedule/schedule-slots.js';
import type { CheckStatus } from '../state/check-status.js';

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
}

const HORIZON_MS = 400 * 86_400_000;

/** Approximate next check: the first slot after the one last run (now, when a reschedule is pending). */
export function nextCheck(config: Config, pair: PairConfig, status: CheckStatus | undefined, now: number): number | undefined {
  const schedule = config.schedules.get(pair.schedule);
  if (schedule === undefined) return undefined;
  if (status !== undefined && status.time === 0 && status.instances > 0) return now;
  const offset = pairOffsetMs(pair.service, pair.host, schedule, config.instance.smartScheduling);
  const last = status === undefined || status.time === 0 ? now - 1 : (status.due ?? status.time);
  return nextSlotAfter(schedule, offset, last, HORIZON_MS);
}

export function pairView(config: Config, pair: PairConfig, status: CheckStatus | undefined, now: number): PairView {
  const s = status ?? { rc: 7, instances: 0, comment: '', scalar: 0, time: 0, since: 0, duration: -1 };
  const pending = s.time === 0 && s.instances > 0;
  const next = nextCheck(config, pair, status, now);
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
  };
}
