import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentProblem } from '../../src/cli/current-problem.js';
import type { Config, PairConfig } from '../../src/config/config-model.js';
import { emptyAlerting } from '../../src/config/empty-alerting.js';
import type { StoredAlertState } from '../../src/state/alert-store.js';
import { ack, alertStatus, alertTry, checkStatus, escalation, fixStatus, inhibition, onDefault, plan, stubStatus, using } from '../alert/plan-builders.js';

const PAIR: PairConfig = { service: 'web', host: 'h1', schedule: 'always', hostClass: 'lab' };

/** Just what currentProblem reads: the check (result text significant), the class plan, return groups. */
function config(options: { textSignificant?: boolean; keepStateOn?: number[] } = {}): Config {
  const paging = plan([onDefault(1, using('always', alertTry(['oncall'])))], { keepStateOn: options.keepStateOn ?? [] });
  return {
    checks: new Map([['web', { kind: 'simple', name: 'web', resultTextSignificant: options.textSignificant ?? false }]]),
    classes: new Map([['lab', { name: 'lab', hosts: ['h1'], alertPlan: paging.name }]]),
    alerting: { ...emptyAlerting(), alertPlans: new Map([[paging.name, paging]]) },
  } as unknown as Config;
}

describe('the problem an operator marks (stub alertstatus)', () => {
  it('writes a stub with the check rc and comment when nobody was alerted yet', () => {
    const state: StoredAlertState = { checkstatus: checkStatus(1, 3, { comment: 'down' }), noalert: inhibition() };
    const { state: next, patch } = currentProblem(config(), PAIR, state);
    assert.deepEqual(patch, { alertstatus: stubStatus(1, 'down') });
    assert.deepEqual(next, { ...state, alertstatus: stubStatus(1, 'down') });
  });

  it('changes nothing while alertstatus is about the current problem', () => {
    const state: StoredAlertState = { checkstatus: checkStatus(1, 3), alertstatus: alertStatus(1, 2, 5), escalate: escalation(2), token: 'R000000001' };
    assert.deepEqual(currentProblem(config(), PAIR, state), { state, patch: {} });
  });

  it('replaces the state of an earlier problem the alert pass has not cleared yet (noalert kept)', () => {
    const state: StoredAlertState = {
      checkstatus: checkStatus(2, 1),
      alertstatus: alertStatus(1, 2, 5),
      acknowledge: ack(),
      escalate: escalation(2),
      fixstatus: fixStatus(1, 5),
      token: 'R000000001',
      noalert: inhibition(),
    };
    const { state: next, patch } = currentProblem(config(), PAIR, state);
    assert.deepEqual(patch, { alertstatus: stubStatus(2), acknowledge: null, escalate: null, token: null, fixstatus: null });
    assert.deepEqual(next, { checkstatus: state.checkstatus, noalert: inhibition(), alertstatus: stubStatus(2) });
  });

  it('keeps the state of a status change the plan does not clear on', () => {
    const state: StoredAlertState = { checkstatus: checkStatus(2, 1), alertstatus: alertStatus(1, 2, 5) };
    assert.deepEqual(currentProblem(config({ keepStateOn: [2] }), PAIR, state).patch, {});
  });

  it('treats a new comment as a new problem only with result text significant', () => {
    const state: StoredAlertState = { checkstatus: checkStatus(1, 4, { comment: 'other' }), alertstatus: alertStatus(1, 2, 5, { comment: 'first' }) };
    assert.deepEqual(currentProblem(config(), PAIR, state).patch, {});
    assert.equal(currentProblem(config({ textSignificant: true }), PAIR, state).patch.alertstatus?.stub, true);
  });
});
