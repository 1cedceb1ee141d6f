import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SmtpTestServer } from '../delivery/smtp-test-server.js';
import { makeInstance, startSs, waitFor, type RunningSs, type TestInstance } from '../helpers/instance.js';
import { scOk as ok } from '../helpers/run-sc.js';
import { stateOf } from './alerting-instance.js';

const running: RunningSs[] = [];
const servers: SmtpTestServer[] = [];
after(async () => {
  for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  for (const s of servers) await s.close();
});

async function checkTimes(inst: TestInstance, host: string): Promise<number[]> {
  const text = await readFile(join(inst.historyDir, 'host', host, 'web', 'checkhistory'), 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { time: number }).time);
}

async function noticesTaken(inst: TestInstance): Promise<void> {
  await waitFor('ss to take the notices', async () => (await readdir(join(inst.stateDir, 'notices'))).every((n) => !n.endsWith('.json')));
}

describe('ss honours disable and pause', () => {
  it('neither checks nor alerts a disabled pair, stops a paused one until the pause ends, and resumes both', async () => {
    const smtp = await SmtpTestServer.start();
    servers.push(smtp);
    const inst = await makeInstance({ extra: ['smtp host = 127.0.0.1', `smtp port = ${smtp.port}`, 'smtp tls = none', 'smtp from = survivor@example.test'].join('\n') });
    await inst.writeConfig({
      host: '[class lab]\nhosts = h1 h2\ncheck schedule = fast\n\n[group web]\nhosts = h1 h2\n',
      check: '[check web]\nmodule = answer\nalert plan = once\n',
      schedule: '[schedule fast]\nrule = every 1 second\n\n[alertplan once]\non = default\nafter = 1 check failure\nusing = fast\ntry = 1 time\nalert = first\n',
      calllist: '[alert mail]\nformat = full\ntransmit = mail\n\n[person alice]\nnotify = alice@example.test via mail\n\n[calllist first]\nmembers = alice\nvia = mail\n',
    });
    await writeFile(join(inst.tmpDir, 'rc-web'), '1');
    await ok(inst, ['-c', 'not yet installed', 'disable', 'web@h1']);
    const ss = startSs(inst);
    running.push(ss);
    await waitFor('web@h2 checked three times', async () => (await checkTimes(inst, 'h2')).length >= 3, 20_000);
    await waitFor('the page for web@h2', () => smtp.received.some((m) => /web@h2/.test(m.headers.get('subject') ?? '')), 20_000);
    assert.deepEqual(await checkTimes(inst, 'h1'), [], 'the disabled pair is never checked');
    assert.ok(!smtp.received.some((m) => /web@h1/.test(m.headers.get('subject') ?? '')), 'nor alerted');

    const until = Date.now() + 4000;
    await ok(inst, ['-u', new Date(until).toISOString(), 'pause', 'web@h2']);
    await noticesTaken(inst);
    const taken = Date.now();
    await waitFor('the pause to end and web@h2 to run again', async () => (await checkTimes(inst, 'h2')).some((t) => t >= until), 20_000);
    const during = (await checkTimes(inst, 'h2')).filter((t) => t > taken + 1100 && t < until);
    assert.deepEqual(during, [], 'no check started while paused');

    await ok(inst, ['enable', 'web@h1']);
    await waitFor('web@h1 checked after enable', async () => (await checkTimes(inst, 'h1')).length >= 1, 20_000);
    await waitFor('the page for web@h1', () => smtp.received.some((m) => /web@h1/.test(m.headers.get('subject') ?? '')), 20_000);
    await waitFor('ss removes the ended pause', async () => (await stateOf(inst, 'disabled', 'web', 'h2')) === undefined);
    ss.child.kill('SIGTERM');
    assert.equal((await ss.exited).code, 0, ss.stderr().slice(-2000));
  });
});
