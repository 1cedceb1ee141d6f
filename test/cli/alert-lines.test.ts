import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertLines } from '../../src/cli/alert-lines.js';

process.env.TZ = 'UTC';
const T = Date.UTC(2026, 10, 21, 9, 30, 0);

describe('status alert lines', () => {
  it('prints nothing for a pair without alert state', () => assert.deepEqual(alertLines({}, false, T), []));

  it('prints inhibition, manual escalation, alerts sent, recipients, acknowledgement and fixes in 1.0 order', () => {
    const lines = alertLines(
      {
        noalert: { version: 1, who: 'bob', comment: 'maintenance', time: T },
        escalate: { version: 1, level: 3, who: 'carol', time: T },
        alertstatus: { version: 1, rc: 1, comment: 'down', instances: 4, time: T + 60_000, since: T, recipients: [{ alert: 'mail', addresses: ['a@x', 'b@x'], callLists: ['oncall'], rc: 0 }, { alert: 'sms', addresses: [], callLists: ['managers'], rc: 75 }] },
        acknowledge: { version: 1, who: 'alice', comment: 'on it', time: T, expires: T + 3_600_000 },
        fixstatus: { version: 1, who: 'ss', instances: 2, rc: 1, comment: 'restart failed', time: T, since: T },
      },
      true,
      T + 1000,
    );
    assert.deepEqual(lines, [
      ' => Alerts have been inhibited by bob since Sat Nov 21 09:30:00 2026',
      ' => Reason: maintenance',
      ' => Manually escalated to 3 tries by carol',
      ' => 2 alerts have been transmitted',
      ' => First alert transmitted at Sat Nov 21 09:30:00 2026',
      ' => a@x, b@x notified via mail at Sat Nov 21 09:31:00 2026',
      ' => managers notified via sms at Sat Nov 21 09:31:00 2026 (transmit failed, rc 75)',
      ' => This problem was acknowledged by alice at Sat Nov 21 09:30:00 2026 until Sat Nov 21 10:30:00 2026',
      ' => Reason: on it',
      ' +> Fix attempted by ss at Sat Nov 21 09:30:00 2026',
      ' +> Fix result: PROBLEM: restart failed',
      ' +> There have been 2 fix attempts',
    ]);
  });

  it('says automatically escalated without a manual escalation, and skips a stub and an expired acknowledgement', () => {
    const lines = alertLines(
      {
        alertstatus: { version: 1, rc: 1, comment: '', instances: 0, time: 0, since: 0, recipients: [], stub: true },
        acknowledge: { version: 1, who: 'alice', comment: '', time: T, expires: T + 1 },
      },
      true,
      T + 1000,
    );
    assert.deepEqual(lines, [' => Alert has automatically escalated']);
  });
});
