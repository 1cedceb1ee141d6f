import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pino from 'pino';
import type { Notify, NotifyClear } from '../../src/alert/alert-decision.js';
import { loadConfig } from '../../src/config/load-config.js';
import { executeAlertJob, type AlertJob, type AlertJobDeps } from '../../src/daemon/alert-job.js';
import { Outbox } from '../../src/delivery/outbox.js';
import type { ProcessRunner } from '../../src/exec/process-run.js';
import { AlertStore } from '../../src/state/alert-store.js';
import { StateStore } from '../../src/state/state-store.js';
import { instance } from '../e2e/alerting-instance.js';

const NOW = 1_700_000_000_000;

/** The alerting test instance's configuration, its stores and an outbox; answer@h1 failing with rc 2. */
async function fixture(): Promise<{ deps: AlertJobDeps; alerts: AlertStore; outbox: Outbox; plan: AlertJob['plan'] }> {
  const inst = await instance();
  const config = await loadConfig({ prefix: inst.dir, instanceFile: inst.instanceFile, moduleDir: inst.moduleDir });
  const store = new StateStore({ stateDir: inst.stateDir, historyDir: inst.historyDir, fsync: false });
  await store.recordResult('answer', { result: { host: 'h1', rc: 2, scalar: 0, comment: 'disk full', duration: 1 }, startedAt: NOW - 1000 });
  const alerts = new AlertStore(store);
  const outbox = new Outbox(join(inst.stateDir, 'outbox'), { fsync: false, now: () => NOW });
  const plan = config.alerting.alertPlans.get('paging');
  assert.ok(plan !== undefined);
  const runner: ProcessRunner = { run: () => Promise.reject(new Error('no process is run by these jobs')), close: () => Promise.resolve() };
  const deps: AlertJobDeps = { config: () => config, alerts, history: store.history, runner, outbox, wake: () => undefined, log: pino({ level: 'silent' }), who: 'test', now: () => NOW };
  return { deps, alerts, outbox, plan };
}

function page(attempt: number): Notify {
  return {
    kind: 'notify',
    removeExpiredAck: false,
    clearFirst: false,
    attempt,
    returnStanza: 0,
    scheduleStanza: 0,
    tryIndex: attempt - 1,
    alertLists: ['oncall'],
    tellLists: [],
    attemptFix: false,
    fixMissing: false,
    escalated: attempt > 1,
  };
}

async function pageJob(f: Awaited<ReturnType<typeof fixture>>, attempt: number): Promise<AlertJob> {
  return { service: 'answer', host: 'h1', plan: f.plan, decision: page(attempt), state: await f.alerts.readPairState('answer', 'h1') };
}

const pagesIn = async (outbox: Outbox): Promise<number> => (await outbox.list()).filter((e) => !e.message.clear).length;
const clearsIn = async (outbox: Outbox): Promise<number> => (await outbox.list()).filter((e) => e.message.clear).length;

describe('executeAlertJob', () => {
  it('journals a page and records the attempt; decided again after a crash lost alertstatus, it is not journaled twice', async () => {
    const f = await fixture();
    const job = await pageJob(f, 1);
    await executeAlertJob(job, f.deps);
    assert.equal(await pagesIn(f.outbox), 1);
    assert.equal((await f.alerts.readPairState('answer', 'h1')).alertstatus?.instances, 1);

    // A kill -9 between the outbox entry and alertstatus: the restarted scheduler decides attempt 1 again.
    await f.alerts.update('answer', 'h1', () => ({ alertstatus: null }));
    await executeAlertJob(job, f.deps);
    assert.equal(await pagesIn(f.outbox), 1, 'the page journaled before the crash is not journaled again');
    assert.equal((await f.alerts.readPairState('answer', 'h1')).alertstatus?.instances, 1, 'the attempt is recorded this time');

    await executeAlertJob(await pageJob(f, 2), f.deps);
    assert.equal(await pagesIn(f.outbox), 2, 'the next attempt is a new page');
  });

  it('drops the decision when the check\'s rc changed since it was made', async () => {
    const f = await fixture();
    const job = await pageJob(f, 1);
    const decidedOn = { ...job, state: { ...job.state, checkstatus: job.state.checkstatus === undefined ? undefined : { ...job.state.checkstatus, rc: 1 } } };
    await executeAlertJob(decidedOn, f.deps);
    assert.equal(await pagesIn(f.outbox), 0);
    assert.equal((await f.alerts.readPairState('answer', 'h1')).alertstatus, undefined);
  });

  it('journals a clear notice and clears the state in one step; decided again after a crash, it is not journaled twice', async () => {
    const f = await fixture();
    await executeAlertJob(await pageJob(f, 1), f.deps);
    const paged = await f.alerts.readPairState('answer', 'h1');
    assert.ok(paged.alertstatus !== undefined);
    const decision: NotifyClear = { kind: 'notify-clear', removeExpiredAck: false, recipients: paged.alertstatus.recipients };
    const job: AlertJob = { service: 'answer', host: 'h1', plan: f.plan, decision, state: paged };
    await executeAlertJob(job, f.deps);
    assert.equal(await clearsIn(f.outbox), 1);
    assert.equal((await f.alerts.readPairState('answer', 'h1')).alertstatus, undefined);

    // The state as a crash before the clear was recorded would leave it: the clear is decided again.
    await f.alerts.update('answer', 'h1', () => ({ alertstatus: paged.alertstatus }));
    await executeAlertJob(job, f.deps);
    assert.equal(await clearsIn(f.outbox), 1, 'the clear journaled before the crash is not journaled again');
    assert.equal((await f.alerts.readPairState('answer', 'h1')).alertstatus, undefined, 'the state is cleared this time');
  });
});
