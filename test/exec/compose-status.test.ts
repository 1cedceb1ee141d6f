import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeStatus, type ComponentResult } from '../../src/exec/compose-status.js';

const { OK, PROBLEM, WARNING, NOTICE, MISCONFIG, TIMEDOUT, DEPEND } = { OK: 0, PROBLEM: 1, WARNING: 2, NOTICE: 3, MISCONFIG: 4, TIMEDOUT: 5, DEPEND: 6 };

const req = (rc: number, comment = '', duration = 10): ComponentResult => ({ required: true, result: { host: 'h', rc, scalar: 99, comment, duration } });
const opt = (rc: number, comment = '', duration = 10): ComponentResult => ({ required: false, result: { host: 'h', rc, scalar: 99, comment, duration } });

describe('composeStatus', () => {
  const rcCases: { name: string; parts: ComponentResult[]; rc: number }[] = [
    { name: 'a timed-out required component makes the composite TIMEDOUT', parts: [req(OK), req(TIMEDOUT)], rc: TIMEDOUT },
    { name: 'a timed-out optional component makes the composite TIMEDOUT', parts: [req(OK), opt(TIMEDOUT)], rc: TIMEDOUT },
    { name: 'timeout beats MISCONFIG', parts: [req(MISCONFIG), req(TIMEDOUT)], rc: TIMEDOUT },
    { name: 'all required OK gives OK', parts: [req(OK), req(OK)], rc: OK },
    { name: 'required all OK ignores failed optionals', parts: [req(OK), opt(PROBLEM), opt(MISCONFIG)], rc: OK },
    { name: 'a failed required component wins over OK ones', parts: [req(OK), req(WARNING)], rc: WARNING },
    { name: 'MISCONFIG is the worst required failure', parts: [req(PROBLEM), req(MISCONFIG), req(WARNING)], rc: MISCONFIG },
    { name: 'PROBLEM beats WARNING among required failures', parts: [req(WARNING), req(PROBLEM)], rc: PROBLEM },
    { name: 'WARNING beats NOTICE and site codes among required failures', parts: [req(NOTICE), req(WARNING), req(500)], rc: WARNING },
    { name: 'otherwise the larger code wins among required failures', parts: [req(NOTICE), req(DEPEND), req(20)], rc: 20 },
    { name: 'optional failures do not count when a required one failed', parts: [req(WARNING), opt(MISCONFIG)], rc: WARNING },
    { name: 'optional only: any OK gives OK', parts: [opt(PROBLEM), opt(OK), opt(MISCONFIG)], rc: OK },
    { name: 'optional only, none OK: WARNING is the best', parts: [opt(MISCONFIG), opt(WARNING), opt(PROBLEM)], rc: WARNING },
    { name: 'optional only, none OK: PROBLEM beats MISCONFIG', parts: [opt(MISCONFIG), opt(PROBLEM)], rc: PROBLEM },
    { name: 'optional only, none OK: MISCONFIG beats other codes', parts: [opt(NOTICE), opt(MISCONFIG)], rc: MISCONFIG },
    { name: 'optional only, none OK: otherwise the smaller code wins', parts: [opt(DEPEND), opt(NOTICE), opt(30)], rc: NOTICE },
    { name: 'no components at all is MISCONFIG', parts: [], rc: MISCONFIG },
  ];
  for (const c of rcCases) {
    it(c.name, () => {
      assert.equal(composeStatus('h', c.parts).rc, c.rc);
    });
  }

  it('joins the non-empty comments with ";" in arrival order', () => {
    const result = composeStatus('h', [opt(OK, 'second check'), req(OK, ''), req(WARNING, 'first check')]);
    assert.equal(result.comment, 'second check;first check');
  });

  it('counts the components that completed as the scalar, ignoring their scalars', () => {
    assert.equal(composeStatus('h', [req(OK), req(PROBLEM), opt(OK)]).scalar, 3);
    assert.equal(composeStatus('h', [req(OK), req(TIMEDOUT), opt(OK)]).scalar, 2);
  });

  it('sums the known component durations, -1 when none is known', () => {
    assert.equal(composeStatus('h', [req(OK, '', 10), req(OK, '', 32), opt(OK, '', -1)]).duration, 42);
    assert.equal(composeStatus('h', [req(OK, '', -1)]).duration, -1);
  });

  it('names the host it was given', () => {
    assert.equal(composeStatus('web01', [req(OK)]).host, 'web01');
  });
});
