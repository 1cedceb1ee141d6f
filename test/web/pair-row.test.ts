import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Config, PairConfig } from '../../src/config/config-model.js';
import { emptyAlerting } from '../../src/config/empty-alerting.js';
import type { StoredAlertState } from '../../src/state/alert-store.js';
import type { CheckStatus } from '../../src/state/check-status.js';
import { pairRow, rowMatches, STALLED_MS, type RowColour, type RowState } from '../../src/web/pair-row.js';

const NOW = 1_800_000_000_000;
const pair: PairConfig = { service: 'disk', host: 'web1', schedule: 'hourly', hostClass: 'servers' };
const config = {
  instance: { smartScheduling: false },
  schedules: new Map([['hourly', { name: 'hourly', rules: [{ kind: 'every', intervalMs: 3_600_000, source: { file: 'f', line: 1 } }], source: { file: 'f', line: 1 } }]]),
  checks: new Map(),
  classes: new Map(),
  groups: new Map([['web', { name: 'web', hosts: ['web1'], source: { file: 'f', line: 1 } }]]),
  alerting: emptyAlerting(),
} as unknown as Config;

function status(rc: number, extra: Partial<CheckStatus> = {}): CheckStatus {
  return { version: 1, rc, instances: 2, comment: 'c', scalar: 0, time: NOW - 60_000, since: NOW - 120_000, duration: 5, ...extra };
}
const mark = { version: 1 as const, who: 'alice', comment: 'why', time: NOW - 1000 };

describe('a monitor row', () => {
  const cases: [string, StoredAlertState, RowState, RowColour][] = [
    ['never checked', {}, 'Waiting', 'none'],
    ['OK', { checkstatus: status(0) }, 'OK', 'ok'],
    ['PROBLEM', { checkstatus: status(1) }, 'Error', 'problem'],
    ['WARNING', { checkstatus: status(2) }, 'Error', 'warning'],
    ['NOTICE', { checkstatus: status(3) }, 'Error', 'warning'],
    ['MISCONFIG', { checkstatus: status(4) }, 'Error', 'misconfig'],
    ['TIMEDOUT', { checkstatus: status(5) }, 'Error', 'problem'],
    ['a pending reschedule', { checkstatus: status(1, { time: 0 }) }, 'Waiting', 'problem'],
    ['acknowledged PROBLEM', { checkstatus: status(1), acknowledge: mark }, 'Pause', 'quiet'],
    ['inhibited WARNING', { checkstatus: status(2), noalert: mark }, 'Pause', 'quiet'],
    ['expired acknowledgement', { checkstatus: status(1), acknowledge: { ...mark, expires: NOW - 1 } }, 'Error', 'problem'],
    ['escalated by hand', { checkstatus: status(1), escalate: { version: 1, level: 1, who: 'a', time: NOW } }, 'Error', 'escalated'],
    ['inhibited OK', { checkstatus: status(0), noalert: mark }, 'OK', 'ok'],
  ];
  for (const [what, state, monitorState, colour] of cases) {
    it(`shows ${what} as ${monitorState} in ${colour}`, () => {
      const row = pairRow({ config, generation: 3, now: NOW }, pair, 4, state);
      assert.deepEqual([row.monitorState, row.colour, row.id, row.generation], [monitorState, colour, 5, 3]);
    });
  }

  it('shows a disabled pair as Disabled and a running one as Running', () => {
    const disabled = pairRow({ config, generation: 1, now: NOW }, pair, 0, { checkstatus: status(1) }, { version: 1, mode: 'disabled', who: 'a', comment: '', time: NOW - 5 });
    assert.equal(disabled.monitorState, 'Disabled');
    const running = pairRow({ config, generation: 1, now: NOW, running: () => true }, pair, 0, { checkstatus: status(0) });
    assert.equal(running.monitorState, 'Running');
  });

  it('filters by view, class, group, host and service', () => {
    const failing = pairRow({ config, generation: 1, now: NOW }, pair, 0, { checkstatus: status(1), acknowledge: mark });
    const m = (filter: Parameters<typeof rowMatches>[2], now = NOW): boolean => rowMatches(config, failing, filter, now);
    assert.deepEqual([m({ match: 'error' }), m({ match: 'addressed' }), m({ match: 'escalated' }), m({ match: 'stalled' })], [true, true, false, false]);
    assert.equal(m({ match: 'stalled' }, NOW + 3_600_000 + STALLED_MS + 60_000), true);
    assert.deepEqual([m({ hostClass: 'servers' }), m({ hostClass: 'other' }), m({ group: 'web' }), m({ group: 'db' }), m({ host: 'web1', service: 'disk' }), m({ service: 'load' })], [true, false, true, false, true, false]);
  });
});
