/**
 * `sc clcal`: who would be notified from a simple or rotating call list over a
 * stretch of time, rotations and substitutions included (reference 1.4, 5.9).
 * Same rules as resolveCallList, so the calendar and the pages agree.
 */
import type { CallList } from '../config/alert-model.js';
import type { Schedule } from '../config/config-model.js';
import { nextRotationAfter, rotationInstants } from '../schedule/rotation-instants.js';
import type { CallListStatus, Substitution } from './call-list-state.js';
import { substituteFor } from './call-list-state.js';
import { nextInTurn } from './resolve-call-list.js';
import { rotateOnCall } from './rotate-on-call.js';

export interface OnCallPeriod {
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly until: number;
  /** Who gets notifications in this period. */
  readonly person: string;
  /** Set when `person` stands in for this member (a substitution). */
  readonly replacing?: string;
}

export interface CalendarInput {
  readonly list: CallList;
  readonly state: CallListStatus | undefined;
  readonly substitutions: readonly Substitution[];
  /** Rotation schedule of a rotating list; undefined = never rotates. */
  readonly rotation?: Schedule;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive; the caller bounds the range (see rotationCycleEnd). */
  readonly until: number;
}

/**
 * The periods of [from, until) in order, adjacent periods with the same person
 * merged. A rotating list changes person at each rotation instant; a simple
 * list names, for the whole range, the member next in turn. Substitutions
 * split periods: a substitute covers from its `from` to the end of its `until`
 * millisecond (both bounds inclusive, as in resolution). Empty for a broadcast
 * list, a list without members or an empty range. Throws RangeError for
 * non-finite bounds.
 */
export function onCallCalendar(input: CalendarInput): OnCallPeriod[] {
  const { list, from, until } = input;
  if (!Number.isFinite(from) || !Number.isFinite(until)) throw new RangeError(`Expected finite epoch ms bounds, got \`${from}\`, \`${until}\``);
  if (list.mode === 'broadcast' || list.members.length === 0 || until <= from) return [];
  const turns: { from: number; person: string }[] = [];
  if (list.mode === 'simple') {
    const person = nextInTurn(list.members, input.state);
    if (person !== undefined) turns.push({ from, person });
  } else {
    const start = rotateOnCall(list.members, input.state, input.rotation, from);
    let index = list.members.indexOf(start.onCall ?? '');
    turns.push({ from, person: list.members[index] ?? '' });
    const instants = input.rotation === undefined ? [] : rotationInstants(input.rotation, from, until - 1);
    for (const t of instants) {
      index = (index + 1) % list.members.length;
      turns.push({ from: t, person: list.members[index] ?? '' });
    }
  }
  const periods: OnCallPeriod[] = [];
  turns.forEach((turn, i) => {
    const end = turns[i + 1]?.from ?? until;
    for (const p of substituted(turn.person, turn.from, end, list.members, input.substitutions)) push(periods, p);
  });
  return periods;
}

/** [from, to) for a member on turn, split where substitutions for them begin or end. */
function substituted(person: string, from: number, to: number, members: readonly string[], subs: readonly Substitution[]): OnCallPeriod[] {
  const cuts = new Set<number>([from, to]);
  for (const s of subs) {
    if (s.replace !== person) continue;
    for (const t of [s.from, s.until + 1]) if (t > from && t < to) cuts.add(t);
  }
  const edges = [...cuts].sort((a, b) => a - b);
  const out: OnCallPeriod[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const start = edges[i] ?? from;
    const end = edges[i + 1] ?? to;
    const who = substituteFor(person, members, subs, start);
    out.push({ from: start, until: end, person: who, ...(who !== person ? { replacing: person } : {}) });
  }
  return out;
}

function push(periods: OnCallPeriod[], p: OnCallPeriod): void {
  const last = periods[periods.length - 1];
  if (last !== undefined && last.until === p.from && last.person === p.person && last.replacing === p.replacing) {
    periods[periods.length - 1] = { ...last, until: p.until };
  } else {
    periods.push(p);
  }
}

/**
 * Where `sc clcal` stops without `-u`: the rotation instant after which every
 * member of a rotating list has been on call once since `from` (the list
 * cycles), i.e. the members.length-th instant after `from`. Undefined for other
 * lists, or when the schedule has no such instants within 400 days of each other.
 */
export function rotationCycleEnd(list: CallList, rotation: Schedule | undefined, from: number): number | undefined {
  if (list.mode !== 'rotating' || rotation === undefined || list.members.length === 0) return undefined;
  let t: number | undefined = from;
  for (let i = 0; i < list.members.length && t !== undefined; i++) t = nextRotationAfter(rotation, t);
  return t;
}
