/** Compact builders for alert plans and pair alert state in tests, spelled like schedule.cf. */
import type {
  AlertPlan,
  CallList,
  Person,
  ReturnGroup,
  ReturnMatch,
  ReturnStanza,
  ScheduleStanza,
  TryStanza,
} from '../../src/config/alert-model.js';
import type { Schedule } from '../../src/config/config-model.js';
import type { AlertRecipient, AlertStatus, PairAlertState } from '../../src/alert/pair-alert-state.js';
import type { CheckStatus } from '../../src/state/check-status.js';
import { HOUR, MINUTE, at, every, never, schedule, win } from '../schedule/schedule-builders.js';

const source = { file: 'schedule.cf', line: 1 };

/** Monday 2024-06-03 10:00 UTC (tests run with TZ=UTC). */
export const T0 = Date.UTC(2024, 5, 3, 10, 0);

type TryOptions = Partial<Omit<TryStanza, 'source'>>;

/** `try [N times] { alert lists… }`; count undefined = bare try. */
export function alertTry(lists: readonly string[], count?: number, extra: TryOptions = {}): TryStanza {
  return {
    ...(count !== undefined ? { count } : {}),
    alert: lists,
    attemptFix: false,
    fixIfDefined: false,
    tell: [],
    allowFailedHosts: 0,
    flagEscalated: false,
    source,
    ...extra,
  };
}

/** `try [N times] { attempt fix [if defined]; tell lists… }`. */
export function fixTry(count: number | undefined, options: { ifDefined?: boolean; tell?: readonly string[]; alert?: readonly string[] } = {}): TryStanza {
  return alertTry(options.alert ?? [], count, { attemptFix: true, fixIfDefined: options.ifDefined ?? false, tell: options.tell ?? [] });
}

export function using(scheduleName: string, ...tries: TryStanza[]): ScheduleStanza {
  return { schedule: scheduleName, tries, source };
}

function stanza(match: ReturnMatch, after: number, schedules: ScheduleStanza[]): ReturnStanza {
  return { match, after, schedules, source };
}

export const onDefault = (after: number, ...schedules: ScheduleStanza[]): ReturnStanza => stanza({ kind: 'default' }, after, schedules);
export const onValues = (codes: readonly number[], after: number, ...schedules: ScheduleStanza[]): ReturnStanza =>
  stanza({ kind: 'values', codes }, after, schedules);
export const onGroup = (group: string, after: number, ...schedules: ScheduleStanza[]): ReturnStanza =>
  stanza({ kind: 'group', group }, after, schedules);

export interface PlanOptions {
  readonly notifyOnClear?: { readonly enabled: boolean; readonly schedule?: string };
  readonly keepStateOn?: readonly number[];
  readonly clearHonorsGroups?: readonly string[];
}

export function plan(stanzas: readonly ReturnStanza[], options: PlanOptions = {}): AlertPlan {
  return {
    name: 'paging',
    stanzas,
    notifyOnClear: options.notifyOnClear ?? { enabled: false },
    keepStateOn: options.keepStateOn ?? [],
    clearHonorsGroups: options.clearHonorsGroups ?? [],
    source,
  };
}

export function returnGroups(groups: Record<string, readonly number[]>): ReadonlyMap<string, ReturnGroup> {
  return new Map(Object.entries(groups).map(([name, codes]) => [name, { name, codes, source }]));
}

/** The schedules most tests use (times UTC, T0 is a Monday 10:00). */
export const SCHEDULES: ReadonlyMap<string, Schedule> = new Map(
  [
    schedule('always', every(MINUTE)),
    schedule('five', every(5 * MINUTE)),
    schedule('hourly', every(HOUR)),
    schedule('noon', at('12:00')),
    schedule('nothing', never()),
    schedule('business', every(15 * MINUTE, win('monday 08:00', 'friday 17:59')), never()),
    schedule('nights', every(30 * MINUTE, win('22:00', '06:59'))),
  ].map((s) => [s.name, s]),
);

export function checkStatus(rc: number, instances: number, options: { comment?: string; time?: number } = {}): CheckStatus {
  const time = options.time ?? T0 - MINUTE;
  return { version: 1, rc, instances, comment: options.comment ?? `rc ${rc}`, scalar: 0, time, since: time, duration: 10 };
}

export const mailed = (...addresses: string[]): AlertRecipient => ({ alert: 'mail', addresses, callLists: ['oncall'], rc: 0 });

export function alertStatus(rc: number, instances: number, time: number, options: { comment?: string; recipients?: readonly AlertRecipient[] } = {}): AlertStatus {
  return {
    version: 1,
    rc,
    comment: options.comment ?? `rc ${rc}`,
    instances,
    time,
    since: time,
    recipients: options.recipients ?? [mailed('alice@example.org')],
  };
}

/** The stub `sc acknowledge` writes before any alert. */
export function stubStatus(rc: number, comment = `rc ${rc}`): AlertStatus {
  return { version: 1, rc, comment, instances: 0, time: 0, since: 0, recipients: [], stub: true };
}

export const ack = (time = T0 - HOUR, expires?: number): NonNullable<PairAlertState['acknowledge']> => ({
  version: 1,
  who: 'bob',
  comment: 'on it',
  time,
  ...(expires !== undefined ? { expires } : {}),
});

export const inhibition = (): NonNullable<PairAlertState['noalert']> => ({ version: 1, who: 'bob', comment: 'maintenance', time: T0 - HOUR });

export const escalation = (level: number): NonNullable<PairAlertState['escalate']> => ({ version: 1, level, who: 'bob', time: T0 - HOUR });

export const fixStatus = (instances: number, time: number, rc = 0): NonNullable<PairAlertState['fixstatus']> => ({
  version: 1,
  who: 'survivor',
  instances,
  rc,
  comment: 'restarted',
  time,
  since: time,
});

export function person(name: string, addresses: Record<string, string> = {}, otherwise?: string): Person {
  return { name, addresses: new Map(Object.entries(addresses)), ...(otherwise !== undefined ? { otherwise } : {}), source };
}

export function callList(name: string, members: readonly string[], mode: CallList['mode'], options: { via?: string; rotation?: string } = {}): CallList {
  return { name, members, via: options.via ?? 'mail', mode, ...(options.rotation !== undefined ? { rotation: options.rotation } : {}), source };
}
