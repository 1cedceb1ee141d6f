/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call -- response bodies are JSON read field by field */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { historyFile, PASSWORD, recordRc, webFixture, type WebFixture } from './web-fixture.js';

async function json(res: Response): Promise<Record<string, any>> {
  return (await res.json()) as Record<string, any>;
}

async function code(res: Response): Promise<string> {
  return ((await json(res)).error as { code: string }).code;
}

async function waitForRow(f: WebFixture, host: string, test: (row: Record<string, any>) => boolean): Promise<Record<string, any>> {
  for (let i = 0; i < 100; i++) {
    const body = await json(await f.fetch(`/api/pairs?host=${host}`));
    const row = (body.pairs as Record<string, any>[])[0];
    if (row !== undefined && test(row)) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`row of ${host} never matched`);
}

describe('the REST API', () => {
  it('lets anonymous readers see the instance, the pairs with filters, one pair and call lists', async () => {
    const f = await webFixture();
    await recordRc(f.store, 'h1', 1, 'down');
    await recordRc(f.store, 'h2', 0, 'fine');
    const inst = await json(await f.fetch('/api/instance'));
    assert.equal(inst.name, 't');
    assert.equal(inst.pairs, 2);
    assert.equal(inst.scheduler.running, false, 'no ss runs: the monitor says so');
    const h1 = await waitForRow(f, 'h1', (r) => r.rc === 1);
    assert.deepEqual([h1.id, h1.service, h1.monitorState, h1.colour, h1.attempt, h1.comment], [1, 'answer', 'Error', 'problem', 1, 'down']);
    const errors = await json(await f.fetch('/api/pairs?match=error'));
    assert.deepEqual(errors.pairs.map((r: { host: string }) => r.host), ['h1']);
    const byClass = await json(await f.fetch('/api/pairs?class=lab&group=answer&service=answer'));
    assert.equal(byClass.pairs.length, 2);
    assert.equal((await json(await f.fetch('/api/pairs?class=nope'))).pairs.length, 0);
    assert.equal((await f.fetch('/api/pairs?match=bogus')).status, 400);
    const one = await json(await f.fetch('/api/pairs/answer/h2'));
    assert.equal(one.row.monitorState, 'OK');
    assert.equal(one.state.checkstatus.comment, 'fine');
    assert.deepEqual(await json(await f.fetch('/api/calllists')), { callLists: [] });
    const missing = await f.fetch('/api/calllists/oncall');
    assert.equal(missing.status, 404);
    assert.equal(await code(missing), 'SW_NOT_FOUND');
  });

  it('answers 404 for pairs and history kinds that are not configured, also for writes', async () => {
    const f = await webFixture();
    const { token } = await f.login('root');
    for (const [path, method] of [
      ['/api/pairs/answer/h9', 'GET'],
      ['/api/pairs/nothing/h1', 'GET'],
      ['/api/pairs/answer/h1/history/bogus', 'GET'],
      ['/api/pairs/answer/h9/history/check', 'GET'],
      ['/api/pairs/answer/..%2F..%2Fetc/acknowledge', 'POST'],
      ['/api/pairs/answer/h1/explode', 'POST'],
    ] as const) {
      const res = await f.fetch(path, { method, token, ...(method === 'POST' ? { json: {} } : {}) });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(await code(res), 'SW_NOT_FOUND');
    }
  });

  it('pages and windows history, newest first on request', async () => {
    const f = await webFixture();
    for (let i = 0; i < 5; i++) await recordRc(f.store, 'h1', i % 2, `n${i}`);
    const page1 = await json(await f.fetch('/api/pairs/answer/h1/history/check?reverse=1&limit=2'));
    assert.deepEqual(page1.records.map((r: { comment: string }) => r.comment), ['n4', 'n3']);
    assert.equal(page1.more, true);
    const page3 = await json(await f.fetch('/api/pairs/answer/h1/history/check?reverse=1&limit=2&page=3'));
    assert.deepEqual(page3.records.map((r: { comment: string }) => r.comment), ['n0']);
    assert.equal(page3.more, false);
    const future = await json(await f.fetch(`/api/pairs/answer/h1/history/check?from=${Date.now() + 3_600_000}`));
    assert.deepEqual(future.records, []);
    assert.equal((await f.fetch('/api/pairs/answer/h1/history/check?limit=0')).status, 400);
    assert.deepEqual((await json(await f.fetch('/api/pairs/answer/h1/history/alert'))).records, []);
  });

  it('refuses writes without a token (401), with too small a role (403), and acts with the right one, recording the user', async () => {
    const f = await webFixture();
    await recordRc(f.store, 'h1', 1, 'down');
    const anon = await f.fetch('/api/pairs/answer/h1/acknowledge', { method: 'POST', json: { comment: 'x' } });
    assert.equal(anon.status, 401);
    assert.equal(await code(anon), 'SW_UNAUTHENTICATED');
    const viewer = await f.login('viewer');
    const ro = await f.fetch('/api/pairs/answer/h1/acknowledge', { method: 'POST', token: viewer.token, json: {} });
    assert.equal(ro.status, 403);
    assert.equal(await code(ro), 'SW_FORBIDDEN');
    const runner = await f.login('runner');
    const trip = await f.fetch('/api/pairs/answer/h1/trip', { method: 'POST', token: runner.token, json: {} });
    assert.equal(trip.status, 403, 'exec may not trip');
    const ack = await f.fetch('/api/pairs/answer/h1/acknowledge', { method: 'POST', token: runner.token, json: { comment: 'on it' } });
    assert.equal(ack.status, 200, await ack.clone().text());
    const body = await json(ack);
    assert.equal(body.row.monitorState, 'Pause');
    assert.equal(body.row.colour, 'quiet');
    const again = await f.fetch('/api/pairs/answer/h1/acknowledge', { method: 'POST', token: runner.token, json: {} });
    assert.equal(again.status, 409);
    assert.equal(await code(again), 'SW_REFUSED');
    const ops = await f.login('ops');
    for (const action of ['unacknowledge', 'inhibit', 'uninhibit', 'reschedule', 'trip']) {
      const res = await f.fetch(`/api/pairs/answer/h1/${action}`, { method: 'POST', token: ops.token, json: { comment: `${action} now` } });
      assert.equal(res.status, 200, `${action}: ${await res.clone().text()}`);
    }
    const escalate = await f.fetch('/api/pairs/answer/h1/escalate', { method: 'POST', token: ops.token, json: {} });
    assert.equal(escalate.status, 409, 'no alert plan: refused as sc refuses');
    const lines = (await readFile(historyFile(f.inst, 'h1', 'commandhistory'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { command: string; who: string; comment: string });
    assert.deepEqual(
      lines.map((l) => [l.command, l.who]),
      [['acknowledge', 'runner'], ['unacknowledge', 'ops'], ['inhibit', 'ops'], ['uninhibit', 'ops'], ['reschedule', 'ops'], ['trip', 'ops']],
    );
    assert.equal(lines[0]?.comment, 'on it');
    const commands = await json(await f.fetch('/api/pairs/answer/h1/history/command'));
    assert.equal(commands.records.length, 6);
  });

  it('schedules a check at a chosen time: the pair is rescheduled when the time comes, by the requesting user', async () => {
    const f = await webFixture();
    await recordRc(f.store, 'h1', 0, 'fine');
    const runner = await f.login('runner');
    const viewer = await f.login('viewer');
    assert.equal((await f.fetch('/api/pairs/answer/h1/check-at', { method: 'POST', token: viewer.token, json: { time: Date.now() } })).status, 403);
    for (const time of ['soon', Date.now() - 3_600_000, Date.now() + 400 * 86_400_000, undefined]) {
      assert.equal((await f.fetch('/api/pairs/answer/h1/check-at', { method: 'POST', token: runner.token, json: { time } })).status, 400, String(time));
    }
    const at = Date.now() + 3_600_000;
    const res = await f.fetch('/api/pairs/answer/h1/check-at', { method: 'POST', token: runner.token, json: { time: new Date(at).toISOString(), comment: 'after the deploy' } });
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(String((await json(res)).said), /^check scheduled at /);
    const pending = await json(await f.fetch('/api/pairs/answer/h1'));
    assert.deepEqual(pending.checkAt.map((r: { who: string; at: number }) => [r.who, r.at]), [['runner', at]]);
    await f.server.board.refresh();
    assert.equal((await json(await f.fetch('/api/pairs/answer/h1'))).row.status, 'OK', 'not before its time');
    f.advance(3_600_000);
    await waitForRow(f, 'h1', (r) => r.status === 'Reschedule request pending');
    const lines = (await readFile(historyFile(f.inst, 'h1', 'commandhistory'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { command: string; who: string; comment: string });
    assert.deepEqual(lines.map((l) => [l.command, l.who]), [['check-at', 'runner'], ['reschedule', 'runner']]);
    assert.match(lines[1]?.comment ?? '', /after the deploy$/);
    assert.deepEqual((await json(await f.fetch('/api/pairs/answer/h1'))).checkAt, []);
  });

  it('disables, pauses and enables pairs (rw), shown as Disabled and Pause, with commandhistory by the user', async () => {
    const f = await webFixture();
    await recordRc(f.store, 'h2', 0, 'fine');
    const runner = await f.login('runner');
    const ops = await f.login('ops');
    assert.equal((await f.fetch('/api/pairs/answer/h2/disable', { method: 'POST', token: runner.token, json: {} })).status, 403, 'exec may not disable');
    const disabled = await f.fetch('/api/pairs/answer/h2/disable', { method: 'POST', token: ops.token, json: { comment: 'maintenance' } });
    assert.equal(disabled.status, 200, await disabled.clone().text());
    assert.equal((await json(disabled)).row.monitorState, 'Disabled');
    assert.deepEqual((await json(await f.fetch('/api/pairs?match=disabled'))).pairs.map((r: { host: string }) => r.host), ['h2']);
    assert.equal((await f.fetch('/api/pairs/answer/h2/disable', { method: 'POST', token: ops.token, json: {} })).status, 409);
    assert.equal((await f.fetch('/api/pairs/answer/h2/pause', { method: 'POST', token: ops.token, json: {} })).status, 409, 'a disabled pair is not paused');
    assert.equal((await f.fetch('/api/pairs/answer/h2/enable', { method: 'POST', token: ops.token, json: {} })).status, 200);
    assert.equal((await f.fetch('/api/pairs/answer/h2/pause', { method: 'POST', token: ops.token, json: { until: Date.now() - 1 } })).status, 400);
    const paused = await f.fetch('/api/pairs/answer/h2/pause', { method: 'POST', token: ops.token, json: { until: Date.now() + 3_600_000 } });
    assert.equal(paused.status, 200);
    assert.equal((await json(paused)).row.monitorState, 'Pause');
    const enabled = await f.fetch('/api/pairs/answer/h2/enable', { method: 'POST', token: ops.token, json: {} });
    assert.equal((await json(enabled)).said, 'resumed, check rescheduled');
    const lines = (await readFile(historyFile(f.inst, 'h2', 'commandhistory'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { command: string; who: string });
    assert.deepEqual(lines.map((l) => [l.command, l.who]), [['disable', 'ops'], ['enable', 'ops'], ['pause', 'ops'], ['enable', 'ops']]);
  });

  it('refuses expired and logged-out tokens with 401', async () => {
    const f = await webFixture();
    await recordRc(f.store, 'h1', 1);
    const a = await f.login('root');
    const session = await json(await f.fetch('/api/session', { token: a.token }));
    assert.deepEqual([session.user, session.role], ['root', 'admin']);
    assert.equal((await f.fetch('/api/logout', { method: 'POST', token: a.token })).status, 200);
    const after = await f.fetch('/api/pairs/answer/h1/reschedule', { method: 'POST', token: a.token, json: {} });
    assert.equal(after.status, 401);
    assert.equal((await f.fetch('/api/pairs', { token: a.token })).status, 401, 'a bad bearer token is refused even for reads');
    const b = await f.login('root');
    f.advance(2 * 3_600_000);
    const expired = await f.fetch('/api/pairs/answer/h1/reschedule', { method: 'POST', token: b.token, json: {} });
    assert.equal(expired.status, 401);
    assert.equal(await code(expired), 'SW_UNAUTHENTICATED');
    assert.equal((await f.fetch('/api/pairs/answer/h1/reschedule', { method: 'POST', token: 'not.a.jwt', json: {} })).status, 401);
  });

  it('throttles logins after five failures for a user (429) and tells wrong passwords apart from throttling', async () => {
    const f = await webFixture();
    const bad = { user: 'root', password: 'wrong password' };
    for (let i = 0; i < 5; i++) {
      const res = await f.fetch('/api/login', { method: 'POST', json: bad });
      assert.equal(res.status, 401);
      assert.equal(await code(res), 'SW_BAD_LOGIN');
    }
    const throttled = await f.fetch('/api/login', { method: 'POST', json: { user: 'root', password: PASSWORD } });
    assert.equal(throttled.status, 429, 'even the right password waits');
    assert.equal(await code(throttled), 'SW_THROTTLED');
    assert.ok(Number(throttled.headers.get('retry-after')) > 0);
    f.advance(61_000);
    assert.equal((await f.fetch('/api/login', { method: 'POST', json: { user: 'root', password: PASSWORD } })).status, 200);
    assert.equal((await f.fetch('/api/login', { method: 'POST', json: { user: 'root' } })).status, 400);
  });

  it('refuses cookie-authenticated changes without the CSRF header, and accepts them with it', async () => {
    const f = await webFixture();
    await recordRc(f.store, 'h1', 1);
    const { cookie, csrf } = await f.login('ops');
    const forged = await f.fetch('/api/pairs/answer/h1/inhibit', { method: 'POST', headers: { cookie }, json: {} });
    assert.equal(forged.status, 403);
    assert.equal(await code(forged), 'SW_CSRF');
    const ok = await f.fetch('/api/pairs/answer/h1/inhibit', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, json: {} });
    assert.equal(ok.status, 200);
    const session = await json(await f.fetch('/api/session', { headers: { cookie } }));
    assert.deepEqual([session.user, session.csrf], ['ops', csrf]);
  });

  it('lets only admins control the scheduler, and answers 503 when none runs', async () => {
    const f = await webFixture();
    const ops = await f.login('ops');
    assert.equal((await f.fetch('/api/scheduler/reload', { method: 'POST', token: ops.token })).status, 403);
    const root = await f.login('root');
    const res = await f.fetch('/api/scheduler/reload', { method: 'POST', token: root.token });
    assert.equal(res.status, 503);
    assert.equal(await code(res), 'SW_UNAVAILABLE');
    assert.equal((await f.fetch('/api/scheduler/explode', { method: 'POST', token: root.token })).status, 404);
  });

  it('can refuse anonymous reads when users.cf says so', async () => {
    const f = await webFixture();
    const { appendFile } = await import('node:fs/promises');
    await appendFile(f.config.instance.web.usersFile, '\n[anonymous]\nrole = none\n');
    const res = await f.fetch('/api/pairs');
    assert.equal(res.status, 401);
    const { token } = await f.login('viewer');
    assert.equal((await f.fetch('/api/pairs', { token })).status, 200);
  });

  it('serves the monitor page and Prometheus metrics', async () => {
    const f = await webFixture();
    const page = await f.fetch('/monitor/');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<table id="pairs">/);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal((await f.fetch('/monitor/../package.json')).status, 404);
    const metrics = await f.fetch('/metrics/');
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    assert.match(text, /^survivor_scheduler_up 0$/m);
    assert.match(text, /^survivor_pairs\{state="Waiting"\} 2$/m);
    assert.match(text, /^survivor_sw_process_cpu_user_seconds_total /m);
  });
});
