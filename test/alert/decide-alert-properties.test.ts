/**
 * Properties of the alert state machine: random plans driven by random event
 * sequences (check results, acknowledgements, inhibitions, escalations,
 * reschedules, time steps) through decideAlert and a small reducer that plays
 * the alert worker and `sc`. Schedule pacing is checked against an oracle
 * written independently of src/schedule.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AlertDecision } from '../../src/alert/alert-decision.js';
import { clearsState } from '../../src/alert/clears-state.js';
import { decideAlert } from '../../src/alert/decide-alert.js';
import { escalateLevel } from '../../src/alert/escalate-level.js';
import type { PairAlertState } from '../../src/alert/pair-alert-state.js';
import { clearedAlertState, isAcknowledged } from '../../src/alert/pair-alert-state.js';
import type { AlertPlan, ReturnMatch, ReturnStanza, ScheduleStanza, TryStanza } from '../../src/config/alert-model.js';
import type { Schedule } from '../../src/config/config-model.js';
import { MINUTE, at, every, never, schedule, win } from '../schedule/schedule-builders.js';
import { T0, alertTry, mailed, returnGroups } from './plan-builders.js';

process.env.TZ = 'UTC';

const source = { file: 'schedule.cf', line: 1 };
const GROUPS = returnGroups({ bad: [1, 5], warnish: [2, 20] });
const RCS = [0, 1, 2, 5, 6, 20] as const;

/** The schedules plans may use, and an oracle for each written without src/schedule (UTC minutes of the day). */
type OracleRule = { every: number; window?: [number, number] } | { never: true; window?: [number, number] } | { at: number[] };
const ORACLE: Record<string, OracleRule[]> = {
  always: [{ every: 1 }],
  five: [{ every: 5 }],
  fifteen: [{ every: 15 }],
  noon: [{ at: [30, 720] }],
  nothing: [{ never: true }],
  day: [{ every: 10, window: [480, 1199] }],
  quiet: [{ never: true, window: [1200, 479] }, { every: 2 }],
};
const SCHEDULES: ReadonlyMap<string, Schedule> = new Map(
  [
    schedule('always', every(MINUTE)),
    schedule('five', every(5 * MINUTE)),
    schedule('fifteen', every(15 * MINUTE)),
    schedule('noon', at('00:30', '12:00')),
    schedule('nothing', never()),
    schedule('day', every(10 * MINUTE, win('08:00', '19:59'))),
    schedule('quiet', never(win('20:00', '07:59')), every(2 * MINUTE)),
  ].map((s) => [s.name, s]),
);
const NAMES = Object.keys(ORACLE);

function minuteOfDay(t: number): number {
  return Math.floor(t / MINUTE) % 1440;
}

function windowOpen(window: [number, number] | undefined, t: number): boolean {
  if (window === undefined) return true;
  const m = minuteOfDay(t);
  const [from, until] = window;
  return from <= until ? m >= from && m <= until : m >= from || m <= until;
}

/** Independent reading of the binding pacing rule: is a repeat due at `now` after `last`? */
function oracleDue(name: string, last: number, now: number): boolean {
  for (const rule of ORACLE[name] ?? []) {
    if ('at' in rule) {
      if (last <= 0) return true;
      for (let k = Math.floor(last / MINUTE) + 1; k * MINUTE <= now; k++) if (rule.at.includes(k % 1440)) return true;
      continue;
    }
    if (!windowOpen(rule.window, now)) continue;
    if ('never' in rule) return false;
    return last <= 0 || now - last >= rule.every * MINUTE;
  }
  return false;
}

// ---- random plans ------------------------------------------------------------

const tryArb: fc.Arbitrary<TryStanza> = fc
  .record({
    count: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    alert: fc.subarray(['a', 'b', 'c']),
    attemptFix: fc.boolean(),
    fixIfDefined: fc.boolean(),
    tell: fc.subarray(['t']),
    allowFailedHosts: fc.constantFrom(0, 0, 1, 2),
    allowDuring: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
    flagEscalated: fc.boolean(),
  })
  .map((t) => {
    const alert = !t.attemptFix && t.alert.length === 0 ? ['a'] : t.alert;
    return alertTry(alert, t.count, {
      attemptFix: t.attemptFix,
      fixIfDefined: t.attemptFix && t.fixIfDefined,
      tell: t.attemptFix ? t.tell : [],
      allowFailedHosts: t.allowFailedHosts,
      ...(t.allowDuring !== undefined ? { allowDuring: t.allowDuring } : {}),
      flagEscalated: t.flagEscalated,
    });
  });

const scheduleStanzaArb: fc.Arbitrary<ScheduleStanza> = fc
  .record({ schedule: fc.constantFrom(...NAMES), tries: fc.array(tryArb, { minLength: 1, maxLength: 3 }) })
  .map((s) => ({ ...s, source }));

const matchArb: fc.Arbitrary<ReturnMatch> = fc.oneof(
  fc.constant<ReturnMatch>({ kind: 'default' }),
  fc.subarray([1, 2, 5, 20], { minLength: 1 }).map((codes): ReturnMatch => ({ kind: 'values', codes })),
  fc.constantFrom('bad', 'warnish').map((group): ReturnMatch => ({ kind: 'group', group })),
);

const returnStanzaArb: fc.Arbitrary<ReturnStanza> = fc
  .record({ match: matchArb, after: fc.integer({ min: 1, max: 3 }), schedules: fc.array(scheduleStanzaArb, { minLength: 1, maxLength: 2 }) })
  .map((s) => ({ ...s, source }));

const planArb: fc.Arbitrary<AlertPlan> = fc
  .record({
    stanzas: fc.array(returnStanzaArb, { minLength: 1, maxLength: 3 }),
    notify: fc.boolean(),
    notifySchedule: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
    keepStateOn: fc.subarray([1, 2, 5, 20]),
    clearHonorsGroups: fc.subarray(['bad', 'warnish']),
  })
  .map((p) => ({
    name: 'random',
    stanzas: p.stanzas,
    notifyOnClear: { enabled: p.notify, ...(p.notifySchedule !== undefined ? { schedule: p.notifySchedule } : {}) },
    keepStateOn: p.keepStateOn,
    clearHonorsGroups: p.clearHonorsGroups,
    source,
  }));

// ---- random events -----------------------------------------------------------

type Event =
  | { readonly kind: 'check'; readonly rc: number; readonly comment: string }
  | { readonly kind: 'ack'; readonly expiresIn?: number }
  | { readonly kind: 'unack' | 'inhibit' | 'uninhibit' | 'escalate' | 'reschedule' }
  | { readonly kind: 'tick'; readonly minutes: number };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('check' as const), rc: fc.constantFrom(...RCS, 1, 1, 2), comment: fc.constantFrom('x', 'x', 'y') }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ack' as const), expiresIn: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }) }, { requiredKeys: ['kind'] }) },
  { weight: 2, arbitrary: fc.constantFrom<Event>({ kind: 'unack' }, { kind: 'inhibit' }, { kind: 'uninhibit' }, { kind: 'uninhibit' }, { kind: 'escalate' }, { kind: 'escalate' }, { kind: 'reschedule' }) },
);

interface Scenario {
  readonly plan: AlertPlan;
  readonly hasFix: boolean;
  readonly resultTextSignificant: boolean;
  readonly shiftMs: number;
  readonly othersFailing: number;
  readonly fixSucceeds: boolean;
  readonly events: readonly Event[];
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  plan: planArb,
  hasFix: fc.boolean(),
  resultTextSignificant: fc.boolean(),
  shiftMs: fc.constantFrom(0, 2 * MINUTE),
  othersFailing: fc.integer({ min: 0, max: 3 }),
  fixSucceeds: fc.boolean(),
  events: fc.array(eventArb, { minLength: 10, maxLength: 120, size: 'large' }),
});

// ---- the reducer: alert worker and sc ----------------------------------------

const who = { who: 'tester', comment: '' };

function applyEvent(s: Scenario, state: PairAlertState, event: Event, now: number): PairAlertState {
  const cs = state.checkstatus;
  switch (event.kind) {
    case 'check': {
      const same = cs !== undefined && cs.rc === event.rc && cs.instances > 0;
      const checkstatus = { version: 1 as const, rc: event.rc, instances: same ? cs.instances + 1 : 1, comment: event.comment, scalar: 0, time: now, since: same ? cs.since : now, duration: 1 };
      return { ...state, checkstatus };
    }
    case 'ack': {
      if (cs === undefined || cs.rc === 0 || isAcknowledged(state, now) || state.noalert !== undefined) return state;
      const acknowledge = { version: 1 as const, ...who, time: now, ...(event.expiresIn !== undefined ? { expires: now + event.expiresIn * MINUTE } : {}) };
      return { ...state, acknowledge, alertstatus: state.alertstatus ?? stub(state) };
    }
    case 'unack': {
      const { acknowledge: _gone, ...rest } = state;
      return rest;
    }
    case 'inhibit':
      return { ...state, noalert: { version: 1, ...who, time: now } };
    case 'uninhibit': {
      const { noalert: _gone, ...rest } = state;
      return rest;
    }
    case 'escalate': {
      const r = escalateLevel(s.plan, state, { hasFix: s.hasFix, returnGroups: GROUPS, schedules: SCHEDULES, now, shiftMs: s.shiftMs });
      if (r.kind !== 'escalated') return state;
      return { ...state, escalate: { version: 1, level: r.level, who: 'tester', time: now }, alertstatus: state.alertstatus ?? stub(state) };
    }
    case 'reschedule':
      return cs === undefined ? state : { ...state, checkstatus: { ...cs, time: 0 } };
    case 'tick':
      return state;
  }
}

function stub(state: PairAlertState): NonNullable<PairAlertState['alertstatus']> {
  const cs = state.checkstatus;
  return { version: 1, rc: cs?.rc ?? 0, comment: cs?.comment ?? '', instances: 0, time: 0, since: 0, recipients: [], stub: true };
}

function applyDecision(s: Scenario, state: PairAlertState, d: AlertDecision, now: number): PairAlertState {
  let next = state;
  if (d.removeExpiredAck) {
    const { acknowledge: _gone, ...rest } = next;
    next = rest;
  }
  if (d.kind === 'clear-state' || d.kind === 'notify-clear') return clearedAlertState(next);
  if (d.kind !== 'notify') return next;
  if (d.clearFirst) next = clearedAlertState(next);
  const cs = next.checkstatus;
  const prev = next.alertstatus;
  const told = d.alertLists.length + d.tellLists.length > 0;
  next = {
    ...next,
    alertstatus: {
      version: 1,
      rc: cs?.rc ?? 0,
      comment: cs?.comment ?? '',
      instances: d.attempt,
      time: now,
      since: prev !== undefined && prev.since > 0 ? prev.since : now,
      recipients: told ? [mailed('someone@example.org')] : (prev?.recipients ?? []),
    },
  };
  if (d.attemptFix) {
    const ok = !d.fixMissing && s.fixSucceeds;
    const f = next.fixstatus;
    next = {
      ...next,
      fixstatus: { version: 1, who: 'survivor', instances: (f?.instances ?? 0) + 1, rc: d.fixMissing ? 4 : ok ? 0 : 1, comment: '', time: now, since: f?.since ?? now },
    };
    if (ok && cs !== undefined) next = { ...next, checkstatus: { ...cs, time: 0 } };
  }
  return next;
}

// ---- the run ----------------------------------------------------------------

interface Step {
  readonly now: number;
  readonly before: PairAlertState;
  readonly decision: AlertDecision;
  readonly after: PairAlertState;
}

function run(s: Scenario): Step[] {
  let now = T0;
  let state: PairAlertState = {};
  const steps: Step[] = [];
  for (const event of s.events) {
    if (event.kind === 'tick') now += event.minutes * MINUTE;
    state = applyEvent(s, state, event, now);
    const decision = decideAlert({
      service: 'svc',
      host: 'h1',
      check: { hasFix: s.hasFix, resultTextSignificant: s.resultTextSignificant },
      plan: s.plan,
      returnGroups: GROUPS,
      schedules: SCHEDULES,
      state,
      now,
      shiftMs: s.shiftMs,
      degraded: () => s.othersFailing,
    });
    const after = applyDecision(s, state, decision, now);
    steps.push({ now, before: state, decision, after });
    state = after;
  }
  return steps;
}

const clears = (d: AlertDecision): boolean => d.kind === 'clear-state' || d.kind === 'notify-clear' || (d.kind === 'notify' && d.clearFirst);
const RUNS = { numRuns: 400 };

describe('decideAlert properties', () => {
  it('never notifies a quiet pair', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const { before, decision, now } of run(s)) {
          if (decision.kind === 'notify-clear') assert.ok(!isAcknowledged(before, now) && before.noalert === undefined);
          if (decision.kind !== 'notify') continue;
          assert.equal(before.noalert, undefined, 'an inhibited pair was notified');
          if (isAcknowledged(before, now)) assert.ok(decision.clearFirst, 'an acknowledged problem was notified');
        }
      }),
      RUNS,
    );
  });

  it('never notifies twice for one due instant', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        let lastNotify = 0;
        for (const { decision, now } of run(s)) {
          if (clears(decision)) lastNotify = 0;
          if (decision.kind !== 'notify') continue;
          const stanza = s.plan.stanzas[decision.returnStanza]?.schedules[decision.scheduleStanza];
          assert.ok(stanza !== undefined);
          if (lastNotify > 0) {
            assert.notEqual(now, lastNotify, 'two notifications in one pass instant');
            assert.ok(oracleDue(stanza.schedule, lastNotify, now - s.shiftMs), `no due instant of ${stanza.schedule} between ${lastNotify} and ${now}`);
          }
          lastNotify = now;
        }
      }),
      RUNS,
    );
  });

  it('never lowers the attempt or the try within one problem', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        let previous: Extract<AlertDecision, { kind: 'notify' }> | undefined;
        for (const { decision } of run(s)) {
          if (clears(decision)) previous = undefined;
          if (decision.kind !== 'notify') continue;
          if (previous !== undefined) {
            assert.ok(decision.attempt > previous.attempt, `attempt went from ${previous.attempt} to ${decision.attempt}`);
            if (decision.returnStanza === previous.returnStanza && decision.scheduleStanza === previous.scheduleStanza) {
              assert.ok(decision.tryIndex >= previous.tryIndex, 'the try went down');
            }
          } else {
            assert.ok(decision.attempt >= 1);
          }
          previous = decision;
        }
      }),
      RUNS,
    );
  });

  it('never alerts for a DEPEND pair', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const { before, decision } of run(s)) {
          if (before.checkstatus?.rc === 6) assert.equal(decision.kind, 'none');
        }
      }),
      RUNS,
    );
  });

  it('clears state on a change of status exactly when the plan says so', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const { before, decision } of run(s)) {
          const cs = before.checkstatus;
          const alerted = before.alertstatus;
          if (cs === undefined || alerted === undefined || cs.rc === 6) continue;
          const awaitingFix = cs.rc === 0 && alerted.time > 0 && cs.time === 0 && (before.fixstatus?.instances ?? 0) > 0;
          if (awaitingFix) {
            assert.equal(decision.kind, 'none');
            continue;
          }
          if (cs.rc !== alerted.rc) {
            assert.equal(clears(decision), clearsState(s.plan, alerted.rc, cs.rc, GROUPS), `rc ${alerted.rc} -> ${cs.rc}`);
          } else if (s.resultTextSignificant && cs.comment !== alerted.comment) {
            assert.ok(clears(decision), 'a new comment with result text significant did not clear');
          } else {
            assert.ok(!clears(decision), 'state cleared without a change of status');
          }
        }
      }),
      RUNS,
    );
  });

  it('after a clearing change, the next page of the new problem starts at the first attempt', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const { decision, after } of run(s)) {
          if (decision.kind === 'notify' && decision.clearFirst) {
            assert.equal(decision.attempt, 1);
            assert.equal(after.acknowledge, undefined);
            assert.equal(after.escalate, undefined);
          }
        }
      }),
      RUNS,
    );
  });
});
