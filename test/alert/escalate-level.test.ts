import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESCALATE_REFUSAL, escalateLevel } from '../../src/alert/escalate-level.js';
import type { PlanContext } from '../../src/alert/find-plan-stanza.js';
import { isEscalated } from '../../src/alert/is-escalated.js';
import type { PairAlertState } from '../../src/alert/pair-alert-state.js';
import type { AlertPlan } from '../../src/config/alert-model.js';
import { MINUTE } from '../schedule/schedule-builders.js';
import {
  SCHEDULES,
  T0,
  ack,
  alertStatus,
  alertTry,
  checkStatus,
  escalation,
  fixTry,
  inhibition,
  onDefault,
  plan,
  returnGroups,
  using,
} from './plan-builders.js';

process.env.TZ = 'UTC';

const context = (hasFix = false): PlanContext => ({ hasFix, returnGroups: returnGroups({}), schedules: SCHEDULES, now: T0, shiftMs: 0 });
const LADDER = plan([onDefault(1, using('always', alertTry(['first'], 1), alertTry(['second'], 2), alertTry(['everyone'])))]);
const state = (sent: number, level?: number, extra: PairAlertState = {}): PairAlertState => ({
  checkstatus: checkStatus(1, 5),
  ...(sent > 0 ? { alertstatus: alertStatus(1, sent, T0 - MINUTE) } : {}),
  ...(level !== undefined ? { escalate: escalation(level) } : {}),
  ...extra,
});

describe('escalateLevel (sc escalate)', () => {
  const cases: readonly { name: string; plan?: AlertPlan; state: PairAlertState; hasFix?: boolean; expect: ReturnType<typeof escalateLevel> }[] = [
    { name: 'from the first try jumps to the boundary of the first try', state: state(0), expect: { kind: 'escalated', level: 1, tryIndex: 1, returnIndex: 0, scheduleIndex: 0 } },
    { name: 'inside a counted try jumps to its end', state: state(2), expect: { kind: 'escalated', level: 3, tryIndex: 2, returnIndex: 0, scheduleIndex: 0 } },
    { name: 'a previous manual escalation is the starting point', state: state(1, 3), expect: { kind: 'at-maximum' } },
    { name: 'from a bare try there is nowhere to go', state: state(5), expect: { kind: 'at-maximum' } },
    {
      name: 'past the last counted try there is nowhere to go (1.0 silenced the pair)',
      plan: plan([onDefault(1, using('always', alertTry(['a'], 2), alertTry(['b'], 2)))]),
      state: state(2),
      expect: { kind: 'at-maximum' },
    },
    {
      name: 'skips `attempt fix if defined` tries when the check has no fix',
      plan: plan([onDefault(1, using('always', fixTry(1, { ifDefined: true }), alertTry(['a'], 1), alertTry(['b'])))]),
      state: state(0),
      expect: { kind: 'escalated', level: 1, tryIndex: 2, returnIndex: 0, scheduleIndex: 0 },
    },
    {
      name: 'counts them when it has one',
      plan: plan([onDefault(1, using('always', fixTry(1, { ifDefined: true }), alertTry(['a'], 1), alertTry(['b'])))]),
      hasFix: true,
      state: state(0),
      expect: { kind: 'escalated', level: 1, tryIndex: 1, returnIndex: 0, scheduleIndex: 0 },
    },
    { name: 'refuses a pair that is not failing', state: { checkstatus: checkStatus(0, 3) }, expect: { kind: 'no-problem' } },
    {
      name: 'refuses while no return stanza applies yet',
      plan: plan([onDefault(9, using('always', alertTry(['a'], 1), alertTry(['b'])))]),
      state: state(0),
      expect: { kind: 'no-stanza' },
    },
    {
      name: 'refuses while no schedule stanza is in effect',
      plan: plan([onDefault(1, using('nights', alertTry(['a'], 1), alertTry(['b'])))]),
      state: state(0),
      expect: { kind: 'no-stanza' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(escalateLevel(c.plan ?? LADDER, c.state, context(c.hasFix)), c.expect));
  }

  it("keeps 1.0's messages for the refusals", () => {
    assert.equal(ESCALATE_REFUSAL['at-maximum'], 'Already at maximum escalation level');
    assert.equal(ESCALATE_REFUSAL['no-problem'], 'No outstanding error');
  });
});

describe('isEscalated (status flag)', () => {
  const cases: readonly { name: string; state: PairAlertState; expected: boolean }[] = [
    { name: 'not before any alert went out', state: state(0), expected: false },
    { name: 'not while the first try is in use', state: state(1), expected: false },
    { name: 'yes once an alert of the second try went out', state: state(2), expected: true },
    { name: 'yes when escalated by hand past an attempt of the second try', state: state(0, 2), expected: true },
    { name: 'not yet when escalated by hand to the end of the first try (like 1.0: the level counts as sent)', state: state(0, 1), expected: false },
    { name: 'not when acknowledged', state: state(3, undefined, { acknowledge: ack() }), expected: false },
    { name: 'yes when the acknowledgement expired', state: state(3, undefined, { acknowledge: ack(T0 - MINUTE, T0) }), expected: true },
    { name: 'not when inhibited', state: state(3, undefined, { noalert: inhibition() }), expected: false },
    { name: 'not while a reschedule is pending', state: { ...state(3), checkstatus: checkStatus(1, 5, { time: 0 }) }, expected: false },
    { name: 'not once OK', state: { ...state(3), checkstatus: checkStatus(0, 1) }, expected: false },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(isEscalated(LADDER, c.state, context()), c.expected));
  }

  it('follows `flag escalated`', () => {
    const flagged = plan([onDefault(1, using('always', alertTry(['a'], 1), alertTry(['b'], 1), alertTry(['c'], undefined, { flagEscalated: true })))]);
    assert.equal(isEscalated(flagged, state(2), context()), false);
    assert.equal(isEscalated(flagged, state(3), context()), true);
  });
});
