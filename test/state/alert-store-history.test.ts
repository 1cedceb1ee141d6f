import assert from 'node:assert/strict';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAlertHistoryRecord } from '../../src/history/alert-history-record.js';
import { parseFixHistoryRecord } from '../../src/history/fix-history-record.js';
import { makeStore } from './store-fixture.js';

const ALERT = { time: 1_700_000_000_000, rc: 0, checkRc: 1, addresses: ['a@x', 'b@x'], alert: 'mail', callLists: ['oncall'], clear: false, try: 2 };
const FIX = { time: 1_700_000_000_000, rc: 1, comment: 'httpd would not start', who: 'alice', duration: 812 };

describe('alerthistory and fixhistory records', () => {
  const alertCases: [string, unknown, unknown][] = [
    ['a sent alert', ALERT, ALERT],
    ['a failed one with the server reply', { ...ALERT, rc: 1, reply: '550 no such user' }, { ...ALERT, rc: 1, reply: '550 no such user' }],
    ['a resend after a crash', { ...ALERT, duplicate: true }, { ...ALERT, duplicate: true }],
    ['a clear notice without try', { ...ALERT, clear: true, try: undefined, checkRc: 0 }, { time: ALERT.time, rc: 0, checkRc: 0, addresses: ALERT.addresses, alert: 'mail', callLists: ['oncall'], clear: true }],
    ['unknown fields dropped', { ...ALERT, extra: 1 }, ALERT],
    ['no addresses list', { ...ALERT, addresses: 'a@x' }, undefined],
    ['a non-boolean clear', { ...ALERT, clear: 'no' }, undefined],
    ['a negative time', { ...ALERT, time: -1 }, undefined],
    ['a fractional rc', { ...ALERT, rc: 0.5 }, undefined],
    ['a non-string reply', { ...ALERT, reply: 550 }, undefined],
    ['not an object', [ALERT], undefined],
  ];
  for (const [name, input, expected] of alertCases) {
    it(`parses alerthistory: ${name}`, () => assert.deepEqual(parseAlertHistoryRecord(input), expected));
  }

  const fixCases: [string, unknown, unknown][] = [
    ['a fix attempt', FIX, FIX],
    ['unknown duration', { ...FIX, duration: -1 }, { ...FIX, duration: -1 }],
    ['no who', { ...FIX, who: undefined }, undefined],
    ['a string rc', { ...FIX, rc: '1' }, undefined],
    ['null', null, undefined],
  ];
  for (const [name, input, expected] of fixCases) {
    it(`parses fixhistory: ${name}`, () => assert.deepEqual(parseFixHistoryRecord(input), expected));
  }

  it('appends and reads records through HistoryStore, newest first on request, skipping damaged lines', async () => {
    const { store, historyDir } = await makeStore();
    const h = store.history;
    await store.withPairLock('svc', 'h1', async () => {
      for (let i = 0; i < 5; i++) await h.appendAlert('svc', 'h1', { ...ALERT, time: ALERT.time + i });
      await h.appendFix('svc', 'h1', FIX);
    });
    await mkdir(join(historyDir, 'host/h1/svc'), { recursive: true });
    await appendFile(join(historyDir, 'host/h1/svc/fixhistory'), '{"time":1,"rc":"bad"}\n');
    const alerts = [];
    for await (const r of h.readAlert('svc', 'h1', { reverse: true, limit: 2 })) alerts.push(r.time - ALERT.time);
    assert.deepEqual(alerts, [4, 3]);
    const fixes = [];
    for await (const r of h.readFix('svc', 'h1')) fixes.push(r);
    assert.deepEqual(fixes, [FIX]);
  });
});
