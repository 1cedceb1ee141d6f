import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertDecision, AlertInput } from '../../src/alert/alert-decision.js';
import { decideAlert } from '../../src/alert/decide-alert.js';
import type { PairAlertState } from '../../src/alert/pair-alert-state.js';
import type { AlertPlan, TryStanza } from '../../src/config/alert-model.js';
import { DAY, HOUR, MINUTE, at, schedule } from '../schedule/schedule-builders.js';
import {
  SCHEDULES,
  T0,
  ack,
  alertStatus,
  alertTry,
  checkStatus,
  escalation,
  fixStatus,
  fixTry,
  inhibition,
  mailed,
  onDefault,
  onGroup,
  onValues,
  plan,
  returnGroups,
  stubStatus,
  using,
} from './plan-builders.js';

process.env.TZ = 'UTC';

const GROUPS = returnGroups({ bad: [1, 5], warnish: [2, 3] });
const PAGING = plan([onDefault(1, using('always', alertTry(['oncall'])))]);
const LADDER = plan([onDefault(1, using('always', alertTry(['first'], 1), alertTry(['second'], 2), alertTry(['everyone'])))]);

interface Case {
  readonly name: string;
  readonly plan?: AlertPlan;
  readonly state: PairAlertState;
  readonly now?: number;
  readonly shiftMs?: number;
  readonly hasFix?: boolean;
  readonly resultTextSignificant?: boolean;
  readonly degraded?: AlertInput['degraded'];
  readonly rcInRange?: AlertInput['rcInRange'];
  /** Only these fields of the decision are compared. */
  readonly expect: Partial<Record<string, unknown>>;
}

function input(c: Case): AlertInput {
  return {
    service: 'http',
    host: 'web01',
    check: { hasFix: c.hasFix ?? false, resultTextSignificant: c.resultTextSignificant ?? false },
    plan: c.plan ?? PAGING,
    returnGroups: GROUPS,
    schedules: SCHEDULES,
    state: c.state,
    now: c.now ?? T0,
    shiftMs: c.shiftMs ?? 0,
    degraded: c.degraded ?? (() => 0),
    ...(c.rcInRange ? { rcInRange: c.rcInRange } : {}),
  };
}

function fields(decision: AlertDecision, keys: readonly string[]): Record<string, unknown> {
  const all = decision as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, all[k]]));
}

function runCases(cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const decision = decideAlert(input(c));
      assert.deepEqual(fields(decision, Object.keys(c.expect)), c.expect);
    });
  }
}

const failing = (rc: number, instances: number, extra: PairAlertState = {}): PairAlertState => ({ checkstatus: checkStatus(rc, instances), ...extra });
const alerted = (rc: number, sent: number, minutesAgo: number): PairAlertState['alertstatus'] => alertStatus(rc, sent, T0 - minutesAgo * MINUTE);

describe('decideAlert: thresholds and tries', () => {
  const afterTwo = plan([onDefault(2, using('always', alertTry(['oncall'])))]);
  runCases([
    { name: 'waits for `after 2 check failures` before the first page', plan: afterTwo, state: failing(1, 1), expect: { kind: 'none', reason: 'below-threshold' } },
    { name: 'pages once the threshold is reached', plan: afterTwo, state: failing(1, 2), expect: { kind: 'notify', attempt: 1, alertLists: ['oncall'], clearFirst: false } },
    {
      name: 'uses the first return stanza whose values and threshold match',
      plan: plan([
        onValues([2], 1, using('always', alertTry(['warnings']))),
        onGroup('bad', 3, using('always', alertTry(['late']))),
        onGroup('bad', 1, using('always', alertTry(['early']))),
      ]),
      state: failing(5, 3),
      expect: { kind: 'notify', returnStanza: 1, alertLists: ['late'] },
    },
    {
      name: 'falls to a later stanza while an earlier one waits for more failures',
      plan: plan([onGroup('bad', 3, using('always', alertTry(['late']))), onDefault(1, using('always', alertTry(['early'])))]),
      state: failing(1, 2),
      expect: { kind: 'notify', returnStanza: 1, alertLists: ['early'] },
    },
    { name: 'does not page for an rc no stanza names', plan: plan([onValues([1], 1, using('always', alertTry(['x'])))]), state: failing(2, 5), expect: { kind: 'none', reason: 'below-threshold' } },
    { name: 'never alerts before the first check (NOTYET, no instances)', state: {}, expect: { kind: 'none', reason: 'below-threshold' } },
  ]);
});

describe('decideAlert: escalation through tries', () => {
  const step = (sent: number, tryIndex: number, lists: string[]): Case => ({
    name: `attempt ${sent + 1} uses try ${tryIndex} (${lists.join(' ')})`,
    plan: LADDER,
    state: failing(1, 9, { alertstatus: alerted(1, sent, 10) }),
    expect: { kind: 'notify', attempt: sent + 1, tryIndex, alertLists: lists },
  });
  runCases([
    step(0, 0, ['first']),
    step(1, 1, ['second']),
    step(2, 1, ['second']),
    step(3, 2, ['everyone']),
    { ...step(40, 2, ['everyone']), name: 'a bare try catches every attempt after the counted ones' },
    {
      name: 'counted tries used up without a bare try: the plan says nothing more',
      plan: plan([onDefault(1, using('always', alertTry(['a'], 2), alertTry(['b'], 1)))]),
      state: failing(1, 9, { alertstatus: alerted(1, 3, 10) }),
      expect: { kind: 'none', reason: 'tries-exhausted' },
    },
    {
      name: 'a manual escalation raises the floor above the notifications sent',
      plan: LADDER,
      state: failing(1, 9, { alertstatus: alerted(1, 1, 10), escalate: escalation(3) }),
      expect: { kind: 'notify', attempt: 4, tryIndex: 2, alertLists: ['everyone'] },
    },
    {
      name: 'a manual escalation before any alert counts too (written with a stub alertstatus)',
      plan: LADDER,
      state: failing(1, 1, { alertstatus: stubStatus(1), escalate: escalation(1) }),
      expect: { kind: 'notify', attempt: 2, tryIndex: 1, clearFirst: false },
    },
    {
      name: 'notifications below a manual level do not lower it',
      plan: LADDER,
      state: failing(1, 9, { alertstatus: alerted(1, 2, 10), escalate: escalation(1) }),
      expect: { kind: 'notify', attempt: 3, tryIndex: 1 },
    },
    { name: 'marks the second try escalated by default', plan: LADDER, state: failing(1, 9, { alertstatus: alerted(1, 1, 10) }), expect: { escalated: true } },
    { name: 'the first try is not escalated by default', plan: LADDER, state: failing(1, 9), expect: { escalated: false } },
    {
      name: '`flag escalated` moves where escalation starts',
      plan: plan([onDefault(1, using('always', alertTry(['a'], 1), alertTry(['b'], 1), alertTry(['c'], undefined, { flagEscalated: true })))]),
      state: failing(1, 9, { alertstatus: alerted(1, 1, 10) }),
      expect: { tryIndex: 1, escalated: false },
    },
  ]);
});

describe('decideAlert: fixes', () => {
  const fixFirst = plan([onDefault(1, using('always', fixTry(1, { tell: ['admins'] }), alertTry(['oncall'])))]);
  const ifDefined = plan([onDefault(1, using('always', fixTry(1, { ifDefined: true, tell: ['admins'] }), alertTry(['oncall'])))]);
  runCases([
    {
      name: 'a fix-first try attempts the fix and tells its lists',
      plan: fixFirst,
      hasFix: true,
      state: failing(1, 1),
      expect: { kind: 'notify', attempt: 1, tryIndex: 0, attemptFix: true, fixMissing: false, alertLists: [], tellLists: ['admins'] },
    },
    {
      name: 'the fix attempt counts as a try, so the next attempt pages',
      plan: fixFirst,
      hasFix: true,
      state: failing(1, 2, { alertstatus: alerted(1, 1, 5), fixstatus: fixStatus(1, T0 - 5 * MINUTE, 1) }),
      expect: { kind: 'notify', attempt: 2, tryIndex: 1, attemptFix: false, alertLists: ['oncall'], tellLists: [] },
    },
    {
      name: '`attempt fix if defined` is skipped when the check has no fix',
      plan: ifDefined,
      hasFix: false,
      state: failing(1, 1),
      expect: { kind: 'notify', attempt: 1, tryIndex: 1, attemptFix: false, alertLists: ['oncall'] },
    },
    {
      name: '`attempt fix if defined` runs the fix when there is one',
      plan: ifDefined,
      hasFix: true,
      state: failing(1, 1),
      expect: { kind: 'notify', tryIndex: 0, attemptFix: true, tellLists: ['admins'] },
    },
    {
      name: '`attempt fix` without a fix is a misconfiguration that still counts as the try',
      plan: fixFirst,
      hasFix: false,
      state: failing(1, 1),
      expect: { kind: 'notify', attempt: 1, tryIndex: 0, attemptFix: true, fixMissing: true },
    },
    {
      name: 'paces repeats from the later of the last alert and the last fix',
      plan: plan([onDefault(1, using('five', alertTry(['oncall'])))]),
      state: failing(1, 3, { alertstatus: alerted(1, 1, 10), fixstatus: fixStatus(1, T0 - 2 * MINUTE) }),
      expect: { kind: 'none', reason: 'not-due' },
    },
  ]);
});

describe('decideAlert: pacing by schedule', () => {
  const onSchedule = (name: string): AlertPlan => plan([onDefault(1, using(name, alertTry(['oncall'])))]);
  runCases([
    { name: 'the first alert is due at once', plan: onSchedule('hourly'), state: failing(1, 1), expect: { kind: 'notify', attempt: 1 } },
    { name: '`every 5 minutes` is not due 4 minutes after the last alert', plan: onSchedule('five'), state: failing(1, 5, { alertstatus: alerted(1, 1, 4) }), expect: { kind: 'none', reason: 'not-due' } },
    { name: '`every 5 minutes` is due 5 minutes after the last alert', plan: onSchedule('five'), state: failing(1, 5, { alertstatus: alerted(1, 1, 5) }), expect: { kind: 'notify', attempt: 2 } },
    {
      name: 'the alert shift delays `every` pacing too',
      plan: onSchedule('five'),
      shiftMs: 2 * MINUTE,
      state: failing(1, 5, { alertstatus: alerted(1, 1, 6) }),
      expect: { kind: 'none', reason: 'not-due' },
    },
    {
      name: '`at 12:00` is due once its instant passed since the last alert',
      plan: onSchedule('noon'),
      now: T0 + 2 * HOUR,
      state: failing(1, 5, { alertstatus: alerted(1, 1, 60) }),
      expect: { kind: 'notify', attempt: 2 },
    },
    {
      name: '`at 12:00` is not due again the same day',
      plan: onSchedule('noon'),
      now: T0 + 2 * HOUR + 30 * MINUTE,
      state: failing(1, 5, { alertstatus: alertStatus(1, 2, T0 + 2 * HOUR) }),
      expect: { kind: 'none', reason: 'not-due' },
    },
    {
      name: 'with an alert shift, `at 12:00` fires at 12:02 for the check that ran at 12:00',
      plan: onSchedule('noon'),
      now: T0 + 2 * HOUR + MINUTE,
      shiftMs: 2 * MINUTE,
      state: failing(1, 5, { alertstatus: alertStatus(1, 1, T0 + 2 * HOUR + 2 * MINUTE - DAY) }),
      expect: { kind: 'none', reason: 'not-due' },
    },
    {
      name: 'and fires once the shifted clock reaches the instant',
      plan: onSchedule('noon'),
      now: T0 + 2 * HOUR + 2 * MINUTE,
      shiftMs: 2 * MINUTE,
      state: failing(1, 5, { alertstatus: alertStatus(1, 1, T0 + 2 * HOUR + 2 * MINUTE - DAY) }),
      expect: { kind: 'notify', attempt: 2 },
    },
    { name: 'a `never` schedule is in effect and never due', plan: onSchedule('nothing'), state: failing(1, 1), expect: { kind: 'none', reason: 'not-due' } },
    {
      name: 'a stanza whose schedule is not in effect is passed over',
      plan: plan([onDefault(1, using('nights', alertTry(['night'])), using('always', alertTry(['day'])))]),
      state: failing(1, 1),
      expect: { kind: 'notify', scheduleStanza: 1, alertLists: ['day'] },
    },
    {
      name: 'the first stanza in effect decides even when it is not due (no fall-through)',
      plan: plan([onDefault(1, using('business', alertTry(['office'])), using('always', alertTry(['anyone'])))]),
      state: failing(1, 5, { alertstatus: alerted(1, 1, 5) }),
      expect: { kind: 'none', reason: 'not-due' },
    },
    {
      name: 'a weekend `never` line keeps the business stanza in effect and silent',
      plan: plan([onDefault(1, using('business', alertTry(['office'])), using('always', alertTry(['anyone'])))]),
      now: T0 + 5 * DAY,
      state: failing(1, 5),
      expect: { kind: 'none', reason: 'not-due' },
    },
    {
      name: 'no stanza in effect: nothing to do',
      plan: plan([onDefault(1, using('nights', alertTry(['night'])))]),
      state: failing(1, 1),
      expect: { kind: 'none', reason: 'no-schedule-in-effect' },
    },
    {
      name: 'a stanza naming an unknown schedule is never in effect',
      plan: plan([onDefault(1, using('no-such-schedule', alertTry(['x'])))]),
      state: failing(1, 1),
      expect: { kind: 'none', reason: 'no-schedule-in-effect' },
    },
  ]);
});

describe('decideAlert: acknowledgements and inhibitions', () => {
  runCases([
    { name: 'an acknowledged problem is silent', state: failing(1, 3, { alertstatus: alerted(1, 1, 10), acknowledge: ack() }), expect: { kind: 'none', reason: 'acknowledged', removeExpiredAck: false } },
    { name: 'an acknowledgement before any alert survives thanks to its stub', state: failing(1, 1, { alertstatus: stubStatus(1), acknowledge: ack() }), expect: { kind: 'none', reason: 'acknowledged' } },
    {
      name: 'an acknowledgement without its stub is taken for an old problem and cleared',
      state: failing(1, 1, { acknowledge: ack() }),
      expect: { kind: 'notify', clearFirst: true, clearReason: 'status-changed', attempt: 1 },
    },
    { name: 'an inhibited pair is silent', state: failing(1, 3, { noalert: inhibition() }), expect: { kind: 'none', reason: 'inhibited' } },
    {
      name: 'an inhibition survives a change of rc (the state is cleared around it)',
      state: failing(2, 1, { alertstatus: alerted(1, 2, 10), noalert: inhibition() }),
      expect: { kind: 'clear-state', reason: 'status-changed', detail: 'inhibited' },
    },
    {
      name: 'an expired acknowledgement is ignored and reported for removal',
      state: failing(1, 3, { alertstatus: alerted(1, 1, 10), acknowledge: ack(T0 - HOUR, T0) }),
      expect: { kind: 'notify', attempt: 2, removeExpiredAck: true },
    },
    {
      name: 'an expired acknowledgement is reported even when nothing is due',
      plan: plan([onDefault(1, using('hourly', alertTry(['oncall'])))]),
      state: failing(1, 3, { alertstatus: alerted(1, 1, 10), acknowledge: ack(T0 - HOUR, T0 - MINUTE) }),
      expect: { kind: 'none', reason: 'not-due', removeExpiredAck: true },
    },
    {
      name: 'an acknowledgement that has not expired yet still silences',
      state: failing(1, 3, { alertstatus: alerted(1, 1, 10), acknowledge: ack(T0 - HOUR, T0 + 1) }),
      expect: { kind: 'none', reason: 'acknowledged', removeExpiredAck: false },
    },
  ]);
});

describe('decideAlert: a change of status', () => {
  runCases([
    {
      name: 'a new rc clears state and starts again at the first try',
      plan: LADDER,
      state: failing(2, 1, { alertstatus: alerted(1, 3, 1), acknowledge: ack(), escalate: escalation(3) }),
      expect: { kind: 'notify', clearFirst: true, clearReason: 'status-changed', attempt: 1, tryIndex: 0 },
    },
    {
      name: 'a new rc below its threshold still clears state',
      plan: plan([onDefault(3, using('always', alertTry(['x'])))]),
      state: failing(2, 1, { alertstatus: alerted(1, 3, 1) }),
      expect: { kind: 'clear-state', reason: 'status-changed', detail: 'below-threshold' },
    },
    {
      name: '`do not clear state on return values 4` keeps state when changing to 4',
      plan: plan([onDefault(1, using('always', alertTry(['a'], 1), alertTry(['b'])))], { keepStateOn: [4] }),
      state: failing(4, 1, { alertstatus: alerted(1, 1, 1) }),
      expect: { kind: 'notify', clearFirst: false, attempt: 2, tryIndex: 1 },
    },
    {
      name: '`do not clear state on return values 4` keeps state when changing from 4',
      plan: plan([onDefault(1, using('always', alertTry(['a'])))], { keepStateOn: [4] }),
      state: failing(1, 1, { alertstatus: alerted(4, 2, 1), acknowledge: ack() }),
      expect: { kind: 'none', reason: 'acknowledged' },
    },
    {
      name: 'a kept state keeps the acknowledgement too',
      plan: plan([onDefault(1, using('always', alertTry(['a'])))], { clearHonorsGroups: ['bad'] }),
      state: failing(5, 1, { alertstatus: alerted(1, 2, 1), acknowledge: ack() }),
      expect: { kind: 'none', reason: 'acknowledged' },
    },
    {
      name: '`clear state honors returngroups bad` keeps state between 1 and 5',
      plan: plan([onDefault(1, using('always', alertTry(['a'])))], { clearHonorsGroups: ['bad'] }),
      state: failing(5, 1, { alertstatus: alerted(1, 2, 1) }),
      expect: { kind: 'notify', clearFirst: false, attempt: 3 },
    },
    {
      name: '`clear state honors returngroups bad` still clears from 1 to 2',
      plan: plan([onDefault(1, using('always', alertTry(['a'])))], { clearHonorsGroups: ['bad'] }),
      state: failing(2, 1, { alertstatus: alerted(1, 2, 1) }),
      expect: { kind: 'notify', clearFirst: true, attempt: 1 },
    },
    {
      name: '`clear state honors all returngroups` keeps state inside any group',
      plan: plan([onDefault(1, using('always', alertTry(['a'])))], { clearHonorsGroups: ['bad', 'warnish'] }),
      state: failing(3, 1, { alertstatus: alerted(2, 2, 1) }),
      expect: { kind: 'notify', clearFirst: false, attempt: 3 },
    },
    {
      name: 'with `result text significant`, a new comment is a new problem',
      resultTextSignificant: true,
      state: { checkstatus: checkStatus(1, 4, { comment: 'disk 97%' }), alertstatus: alertStatus(1, 2, T0 - 10 * MINUTE, { comment: 'disk 95%' }), acknowledge: ack() },
      expect: { kind: 'notify', clearFirst: true, clearReason: 'result-text-changed', attempt: 1 },
    },
    {
      name: 'without it, a new comment changes nothing',
      state: { checkstatus: checkStatus(1, 4, { comment: 'disk 97%' }), alertstatus: alertStatus(1, 2, T0 - 10 * MINUTE, { comment: 'disk 95%' }), acknowledge: ack() },
      expect: { kind: 'none', reason: 'acknowledged' },
    },
    {
      name: 'a kept rc change ignores the comment change',
      resultTextSignificant: true,
      plan: plan([onDefault(1, using('always', alertTry(['a'])))], { keepStateOn: [4] }),
      state: { checkstatus: checkStatus(4, 1, { comment: 'other' }), alertstatus: alertStatus(1, 2, T0 - 10 * MINUTE, { comment: 'one' }) },
      expect: { kind: 'notify', clearFirst: false, attempt: 3 },
    },
    {
      name: 'a fresh failure with nothing to clear does not ask for clearing',
      state: failing(1, 1),
      expect: { kind: 'notify', clearFirst: false, attempt: 1 },
    },
  ]);
});

describe('decideAlert: recovery and notify on clear', () => {
  const notifying = plan([onDefault(1, using('always', alertTry(['oncall'])))], { notifyOnClear: { enabled: true } });
  const recovered = (extra: PairAlertState = {}): PairAlertState => ({
    checkstatus: checkStatus(0, 1),
    alertstatus: alertStatus(1, 2, T0 - 10 * MINUTE, { recipients: [mailed('alice@example.org')] }),
    ...extra,
  });
  runCases([
    { name: 'tells the last recipients when the problem clears', plan: notifying, state: recovered(), expect: { kind: 'notify-clear', recipients: [mailed('alice@example.org')] } },
    { name: 'without notify on clear, only clears state', state: recovered(), expect: { kind: 'clear-state', reason: 'recovered', detail: 'notify-on-clear-off' } },
    {
      name: '`notify using S on clear` tells them while S is in effect',
      plan: plan([onDefault(1, using('always', alertTry(['x'])))], { notifyOnClear: { enabled: true, schedule: 'business' } }),
      state: recovered(),
      expect: { kind: 'notify-clear' },
    },
    {
      name: '`notify using S on clear` stays silent while S is not in effect',
      plan: plan([onDefault(1, using('always', alertTry(['x'])))], { notifyOnClear: { enabled: true, schedule: 'nights' } }),
      state: recovered(),
      expect: { kind: 'clear-state', reason: 'recovered', detail: 'clear-outside-schedule' },
    },
    {
      name: 'a `never` line in effect closes the notify-on-clear window (business schedule at the weekend)',
      plan: plan([onDefault(1, using('always', alertTry(['x'])))], { notifyOnClear: { enabled: true, schedule: 'business' } }),
      now: T0 + 5 * DAY,
      state: recovered(),
      expect: { kind: 'clear-state', reason: 'recovered', detail: 'clear-outside-schedule' },
    },
    { name: 'no clear notice after an acknowledgement', plan: notifying, state: recovered({ acknowledge: ack() }), expect: { kind: 'clear-state', detail: 'acknowledged' } },
    { name: 'no clear notice for an inhibited pair', plan: notifying, state: recovered({ noalert: inhibition() }), expect: { kind: 'clear-state', detail: 'inhibited' } },
    {
      name: 'an expired acknowledgement does not stop the clear notice',
      plan: notifying,
      state: recovered({ acknowledge: ack(T0 - HOUR, T0 - MINUTE) }),
      expect: { kind: 'notify-clear', removeExpiredAck: false },
    },
    {
      name: 'no clear notice when nobody was notified (a fix-only try)',
      plan: notifying,
      state: recovered({ alertstatus: alertStatus(1, 1, T0 - 10 * MINUTE, { recipients: [] }) }),
      expect: { kind: 'clear-state', detail: 'no-last-recipients' },
    },
    {
      name: 'waits for the re-check after a fix before declaring recovery',
      plan: notifying,
      state: recovered({ checkstatus: checkStatus(0, 1, { time: 0 }), fixstatus: fixStatus(1, T0 - MINUTE) }),
      expect: { kind: 'none', reason: 'awaiting-fix-verification' },
    },
    {
      name: 'a reschedule without a fix attempt does not hold the clear notice',
      plan: notifying,
      state: recovered({ checkstatus: checkStatus(0, 1, { time: 0 }) }),
      expect: { kind: 'notify-clear' },
    },
    {
      name: 'recovery from an acknowledgement stub clears without a notice',
      plan: notifying,
      state: { checkstatus: checkStatus(0, 1), alertstatus: stubStatus(1), acknowledge: ack() },
      expect: { kind: 'clear-state', reason: 'recovered', detail: 'ok' },
    },
    {
      name: 'a change to OK clears even when the plan keeps state for the old rc',
      plan: plan([onDefault(1, using('always', alertTry(['x'])))], { keepStateOn: [1], notifyOnClear: { enabled: true } }),
      state: recovered(),
      expect: { kind: 'notify-clear' },
    },
    { name: 'an OK pair without alert state does nothing', state: { checkstatus: checkStatus(0, 20) }, expect: { kind: 'none', reason: 'ok' } },
  ]);
});

describe('decideAlert: pairs that never alert', () => {
  runCases([
    { name: 'a DEPEND pair never alerts', state: failing(6, 10), expect: { kind: 'none', reason: 'depend' } },
    { name: 'a DEPEND pair keeps its alert state (only the root cause changes it)', state: failing(6, 1, { alertstatus: alerted(1, 3, 20) }), expect: { kind: 'none', reason: 'depend' } },
    { name: 'an rc above 1000 never alerts', state: failing(1001, 5), expect: { kind: 'none', reason: 'rc-out-of-range' } },
    {
      name: 'an rc above 1000 still clears the state of the previous problem',
      state: failing(1001, 5, { alertstatus: alerted(1, 1, 20) }),
      expect: { kind: 'clear-state', reason: 'status-changed', detail: 'rc-out-of-range' },
    },
    { name: 'rcInRange narrows what may alert', rcInRange: (rc) => rc < 20, state: failing(42, 5), expect: { kind: 'none', reason: 'rc-out-of-range' } },
    { name: 'a site code in range alerts', state: failing(42, 5), expect: { kind: 'notify', attempt: 1 } },
  ]);
});

describe('decideAlert: degraded mode', () => {
  const allow = (n: number, during?: string): AlertPlan =>
    plan([onDefault(2, using('always', alertTry(['oncall'], undefined, { allowFailedHosts: n, ...(during ? { allowDuring: during } : {}) })))]);
  runCases([
    { name: 'stays silent while fewer other hosts fail than allowed', plan: allow(2), state: failing(1, 3), degraded: () => 1, expect: { kind: 'none', reason: 'degraded' } },
    { name: 'acts once that many other hosts fail too', plan: allow(2), state: failing(1, 3), degraded: () => 2, expect: { kind: 'notify', attempt: 1 } },
    {
      name: 'applies degraded mode only while its `during` schedule is in effect',
      plan: allow(2, 'nights'),
      state: failing(1, 3),
      degraded: () => {
        throw new Error('degraded mode must not be consulted outside its window');
      },
      expect: { kind: 'notify' },
    },
    { name: 'applies it while `during` is in effect', plan: allow(2, 'business'), state: failing(1, 3), degraded: () => 0, expect: { kind: 'none', reason: 'degraded' } },
    {
      name: 'a `never` line of the `during` schedule lifts degraded mode (business schedule at the weekend)',
      plan: allow(2, 'business'),
      now: T0 + 5 * DAY,
      state: failing(1, 3),
      degraded: () => 0,
      expect: { kind: 'notify' },
    },
  ]);

  it('asks for other failing hosts that reached the stanza threshold, with the try concerned', () => {
    const calls: [TryStanza, number][] = [];
    decideAlert(input({ name: '', plan: allow(3), state: failing(1, 3), degraded: (t, after) => (calls.push([t, after]), 5), expect: {} }));
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.[0].allowFailedHosts, 3);
    assert.equal(calls[0]?.[1], 2);
  });
});

describe('decideAlert: schedules with at and cron lines', () => {
  it('paces a cron stanza by its instants', () => {
    const schedules = new Map(SCHEDULES);
    schedules.set('quarterly', schedule('quarterly', at('10:15', '10:30')));
    const p = plan([onDefault(1, using('quarterly', alertTry(['x'])))]);
    const at1016 = decideAlert({ ...input({ name: '', plan: p, state: failing(1, 2, { alertstatus: alertStatus(1, 1, T0 + 15 * MINUTE) }), now: T0 + 16 * MINUTE, expect: {} }), schedules });
    assert.equal(at1016.kind, 'none');
    const at1030 = decideAlert({ ...input({ name: '', plan: p, state: failing(1, 2, { alertstatus: alertStatus(1, 1, T0 + 15 * MINUTE) }), now: T0 + 30 * MINUTE, expect: {} }), schedules });
    assert.equal(at1030.kind, 'notify');
  });
});
