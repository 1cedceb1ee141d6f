import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { history, instance } from '../e2e/alerting-instance.js';
import { recordRc, webFixture } from './web-fixture.js';

interface Body {
  readonly [key: string]: unknown;
}

async function post(f: Awaited<ReturnType<typeof webFixture>>, path: string, token: string, json: unknown = {}): Promise<{ status: number; body: Body }> {
  const res = await f.fetch(path, { method: 'POST', token, json });
  return { status: res.status, body: (await res.json()) as Body };
}

describe('the REST API on an instance with alert plans, call lists and fixes', () => {
  it('escalates through the plan, runs the fix as the web user, and lists call lists with their state', async () => {
    const f = await webFixture({ instance: instance });
    const ops = await f.login('ops');
    const runner = await f.login('runner');
    await recordRc(f.store, 'h1', 1, 'down');

    assert.equal((await post(f, '/api/pairs/answer/h1/escalate', runner.token)).status, 403, 'exec may not escalate');
    const escalated = await post(f, '/api/pairs/answer/h1/escalate', ops.token, { comment: 'wake the managers' });
    assert.equal(escalated.status, 200, JSON.stringify(escalated.body));
    assert.match(String(escalated.body.said), /the next alert uses try 2 of plan paging/);
    assert.equal((escalated.body.row as { escalated: boolean }).escalated, true);
    const escalatedList = (await (await f.fetch('/api/pairs?match=escalated')).json()) as { pairs: { host: string }[] };
    assert.deepEqual(escalatedList.pairs.map((p) => p.host), ['h1']);

    assert.equal((await post(f, '/api/pairs/answer/h1/fix', runner.token)).status, 403, 'exec may not fix');
    const fixed = await post(f, '/api/pairs/answer/h1/fix', ops.token, { comment: 'restart it' });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    assert.equal(fixed.body.said, 'fix OK: fixed h1 (check rescheduled)');
    const fixes = await history(f.inst, 'fixhistory');
    assert.deepEqual(fixes.map((r) => [r.rc, r.who]), [[0, 'ops']]);
    const commands = await history(f.inst, 'commandhistory');
    assert.deepEqual(commands.map((r) => [r.command, r.who, r.comment]), [['escalate', 'ops', 'wake the managers'], ['fix', 'ops', 'restart it']]);
    const noFix = await post(f, '/api/pairs/plain/h1/fix', ops.token);
    assert.equal(noFix.status, 409);

    const lists = (await (await f.fetch('/api/calllists')).json()) as { callLists: { name: string; members: string[] }[] };
    assert.deepEqual(lists.callLists.map((l) => [l.name, l.members]), [['oncall', ['alice', 'bob']], ['managers', ['bob']]]);
    const oncall = (await (await f.fetch('/api/calllists/oncall')).json()) as { name: string; mode: string; status: unknown; substitutions: unknown[] };
    assert.deepEqual([oncall.name, oncall.mode, oncall.substitutions], ['oncall', 'simple', []]);
  });
});
