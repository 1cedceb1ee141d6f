import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { SmtpTestServer } from '../delivery/smtp-test-server.js';
import { makeInstance, readJson, startSs, waitFor, type RunningSs, type TestInstance } from '../helpers/instance.js';
import { projectRoot } from '../helpers/project.js';

const run = promisify(execFile);
const running: RunningSs[] = [];
const servers: SmtpTestServer[] = [];
after(async () => {
  for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  for (const s of servers) await s.close();
});

const SCHEDULES = `[schedule fast]
rule = every 1 second

[alertplan page]
on = default
after = 3 check failures
using = fast
try = 1 time
alert = first
try = remaining
alert = first second
notify on clear = yes

[alertplan fixfirst]
on = default
after = 1 check failure
using = fast
try = 1 time
attempt fix = yes
tell = first
try = remaining
alert = second

[alertplan once]
on = default
after = 1 check failure
using = fast
try = 1 time
alert = first
`;

const CALLLISTS = `[alert mail]
format = full
transmit = mail

[person alice]
notify = alice@example.test via mail

[person bob]
notify = bob@example.test via mail

[person carol]
notify = carol@example.test via mail

[calllist first]
members = alice
via = mail

[calllist second]
members = bob
via = mail

[calllist duty]
members = alice carol
via = mail
`;

async function instanceWith(smtpPort: number, checks: string, hosts: string, extraSchedules = ''): Promise<TestInstance> {
  const inst = await makeInstance({
    fixModules: ['repair'],
    extra: ['smtp host = 127.0.0.1', `smtp port = ${smtpPort}`, 'smtp tls = none', 'smtp from = survivor@example.test'].join('\n'),
  });
  await inst.writeConfig({ host: hosts, check: checks, schedule: SCHEDULES + extraSchedules, calllist: CALLLISTS });
  return inst;
}

function sc(inst: TestInstance, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(join(projectRoot, 'sbin', 'sc'), ['-I', inst.instanceFile, '-i', inst.name, '-m', inst.moduleDir, ...args]);
}

const setRc = (inst: TestInstance, service: string, rc: number): Promise<void> => writeFile(join(inst.tmpDir, `rc-${service}`), String(rc));

async function checkRecords(inst: TestInstance, service: string, host: string): Promise<{ time: number; rc: number }[]> {
  const text = await readFile(join(inst.historyDir, 'host', host, service, 'checkhistory'), 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { time: number; rc: number });
}

async function alertRecords(inst: TestInstance, service: string, host: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(inst.historyDir, 'host', host, service, 'alerthistory'), 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

function start(inst: TestInstance): RunningSs {
  const ss = startSs(inst);
  running.push(ss);
  return ss;
}

async function stop(ss: RunningSs): Promise<void> {
  ss.child.kill('SIGTERM');
  assert.equal((await ss.exited).code, 0, ss.stderr().slice(-2000));
}

const subject = (m: { headers: ReadonlyMap<string, string> }): string => m.headers.get('subject') ?? '';

describe('alerting end to end', () => {
  it('pages after N failures, escalates through the tries, stays silent when acknowledged and tells the last recipients of the recovery', async () => {
    const smtp = await SmtpTestServer.start();
    servers.push(smtp);
    const inst = await instanceWith(smtp.port, '[check web]\nmodule = answer\nalert plan = page\n', '[class lab]\nhosts = h1\ncheck schedule = fast\n\n[group web]\nhosts = h1\n');
    await setRc(inst, 'web', 1);
    const ss = start(inst);

    await waitFor('the first page', () => smtp.received.length >= 1, 20_000);
    const first = smtp.received[0]!;
    assert.deepEqual(first.to, ['alice@example.test'], 'try 1 alerts the first list only');
    assert.match(subject(first), /^ALERT: web@h1/);
    const failuresBefore = (await checkRecords(inst, 'web', 'h1')).filter((r) => r.rc === 1).length;
    assert.ok(failuresBefore >= 3, `paged only after 3 failures (${failuresBefore})`);

    await waitFor('the escalated page', () => smtp.received.length >= 2, 20_000);
    assert.deepEqual([...smtp.received[1]!.to].sort(), ['alice@example.test', 'bob@example.test'], 'try 2 adds the second list');

    await sc(inst, ['-c', 'looking', 'acknowledge', 'web@h1']);
    const afterAck = smtp.received.length;
    await new Promise((r) => setTimeout(r, 3500));
    assert.ok(smtp.received.length <= afterAck + 1, 'at most a page already queued before the acknowledgement');
    const silent = smtp.received.length;
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(smtp.received.length, silent, 'silence while acknowledged');

    await sc(inst, ['-c', 'not fixed after all', 'unacknowledge', 'web@h1']);
    await waitFor('pages to resume', () => smtp.received.length > silent, 20_000);
    await setRc(inst, 'web', 0);
    await waitFor('the clear notice', () => smtp.received.some((m) => /\(cleared\)/.test(subject(m))), 20_000);
    const clear = smtp.received.find((m) => /\(cleared\)/.test(subject(m)))!;
    assert.deepEqual([...clear.to].sort(), ['alice@example.test', 'bob@example.test'], 'the clear goes to the last recipients');
    // alerthistory is appended once the SMTP server has answered: wait for it rather than race it.
    const history = await waitFor('the clear notice in alerthistory', async () => {
      const records = await alertRecords(inst, 'web', 'h1');
      return records.some((r) => r.clear === true && r.rc === 0) ? records : undefined;
    });
    assert.ok(history.filter((r) => r.clear === false).every((r) => r.rc === 0));
    await stop(ss);
  });

  it('decides an OK pair once after start and after its recovery, not at every pass', async () => {
    const smtp = await SmtpTestServer.start();
    servers.push(smtp);
    const inst = await instanceWith(
      smtp.port,
      '[check web]\nmodule = answer\nalert plan = page\n\n[check calm]\nmodule = answer\nalert plan = page\n',
      '[class lab]\nhosts = h1 h2 h3\ncheck schedule = fast\n\n[group web]\nhosts = h1\n\n[group calm]\nhosts = h1 h2 h3\n',
    );
    await setRc(inst, 'web', 1);
    await setRc(inst, 'calm', 0);
    const ss = start(inst);
    type AlertBeat = { pass: { evaluated: number; start: number }; counters: { passes: number } };
    const beat = (): Promise<AlertBeat | undefined> => readJson(join(inst.stateDir, 'running', 'alert')).then((b) => b as AlertBeat, () => undefined);
    const first = await waitFor('the first alert pass', async () => ((await beat())?.counters.passes ?? 0) >= 1 ? beat() : undefined, 20_000);
    assert.equal(first?.pass.evaluated, 4, 'the first pass decides every pair');
    await waitFor('the page', () => smtp.received.length >= 1, 20_000);
    const later = await waitFor('a pass well after the first', async () => {
      const b = await beat();
      return b !== undefined && b.counters.passes >= (first?.counters.passes ?? 0) + 3 ? b : undefined;
    }, 20_000);
    assert.equal(later.pass.evaluated, 1, 'only the failing pair is decided while the others stay OK');

    await setRc(inst, 'web', 0);
    await waitFor('the clear notice', () => smtp.received.some((m) => /\(cleared\)/.test(subject(m))), 20_000);
    const settled = await waitFor('a pass that decides nothing', async () => {
      const b = await beat();
      return b?.pass.evaluated === 0 ? b : undefined;
    }, 20_000);
    assert.ok(settled.counters.passes > later.counters.passes);
    assert.equal(await readFile(join(inst.stateDir, 'host', 'h1', 'web', 'alertstatus'), 'utf8').catch(() => 'none'), 'none', 'the recovery cleared the alert state');
    await stop(ss);
  });

  it('attempts the fix before paging, and the fixed check recovers without a page', async () => {
    const smtp = await SmtpTestServer.start();
    servers.push(smtp);
    const inst = await instanceWith(
      smtp.port,
      '[fix restart]\nmodule = repair\n\n[check db]\nmodule = answer\nalert plan = fixfirst\nfix = restart\n',
      '[class lab]\nhosts = h1\ncheck schedule = fast\n\n[group db]\nhosts = h1\n',
    );
    await setRc(inst, 'db', 2);
    const ss = start(inst);
    await waitFor('the fix notice', () => smtp.received.length >= 1, 20_000);
    assert.match(subject(smtp.received[0]!), /^FIXALERT: db@h1/);
    assert.deepEqual(smtp.received[0]!.to, ['alice@example.test'], 'the fix try tells the first list');
    const fixes = (await readFile(join(inst.historyDir, 'host', 'h1', 'db', 'fixhistory'), 'utf8')).trim().split('\n');
    assert.equal((JSON.parse(fixes[0]!) as { rc: number }).rc, 0);
    await waitFor('the check to recover', async () => (await checkRecords(inst, 'db', 'h1')).at(-1)?.rc === 0);
    await new Promise((r) => setTimeout(r, 2500));
    assert.ok(!smtp.received.some((m) => m.to.includes('bob@example.test')), 'nobody was paged');
    await stop(ss);
  });

  it('reaches the person on call of a rotating list and honours a substitution', async () => {
    const smtp = await SmtpTestServer.start();
    servers.push(smtp);
    const inst = await instanceWith(
      smtp.port,
      '[check disk]\nmodule = answer\nalert plan = oncall\n',
      '[class lab]\nhosts = h1\ncheck schedule = fast\n\n[group disk]\nhosts = h1\n',
      '\n[schedule rota]\nrule = cron */4 * * * * *\n\n[alertplan oncall]\non = default\nusing = fast\ntry = remaining\nalert = duty\n',
    );
    await writeFile(
      join(inst.configDir, 'calllist.cf'),
      CALLLISTS.replace('[calllist duty]\nmembers = alice carol\nvia = mail\n', '[calllist duty]\nmembers = alice carol\nvia = mail\nrotates using = rota\n'),
    );
    await setRc(inst, 'disk', 1);
    const ss = start(inst);
    await waitFor('pages to both people on call in turn', () => {
      const to = new Set(smtp.received.map((m) => m.to.join(',')));
      return to.has('alice@example.test') && to.has('carol@example.test');
    }, 30_000);
    assert.ok(smtp.received.every((m) => m.to.length === 1), 'one person on call at a time');

    const now = new Date();
    const from = new Date(now.getTime() - 60_000).toISOString();
    const until = new Date(now.getTime() + 3_600_000).toISOString();
    await sc(inst, ['-f', from, '-u', until, '-o', 'replace=alice,with=carol', 'clsub', 'duty']);
    const mark = smtp.received.length;
    await waitFor('six more pages', () => smtp.received.length >= mark + 6, 30_000);
    const later = smtp.received.slice(mark + 1).map((m) => m.to.join(','));
    assert.ok(later.every((to) => to === 'carol@example.test'), `carol stands in for alice: ${later.join(' ')}`);
    await stop(ss);
  });

  it('retries a 451 and delivers once; records a 550 as failed with the reply', async () => {
    const smtp = await SmtpTestServer.start();
    servers.push(smtp);
    smtp.replies.push({ code: 451, text: '4.3.0 try again later' });
    const inst = await instanceWith(smtp.port, '[check web]\nmodule = answer\nalert plan = once\n', '[class lab]\nhosts = h1\ncheck schedule = fast\n\n[group web]\nhosts = h1\n');
    await setRc(inst, 'web', 1);
    const ss = start(inst);
    await waitFor('the retried delivery', () => smtp.received.length === 1, 30_000);
    assert.equal(smtp.offered, 2, 'offered twice: 451, then 250');
    await waitFor('the sent record', async () => (await alertRecords(inst, 'web', 'h1')).some((r) => r.rc === 0));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(smtp.received.length, 1, 'delivered exactly once');

    // A new problem (rc 2) pages again: this time the server refuses for good.
    smtp.replies.push({ code: 550, text: '5.7.1 relaying denied' });
    await setRc(inst, 'web', 2);
    await waitFor('the failed record', async () => (await alertRecords(inst, 'web', 'h1')).some((r) => r.rc !== 0), 20_000);
    const failed = (await alertRecords(inst, 'web', 'h1')).find((r) => r.rc !== 0)!;
    assert.match(String(failed.reply), /550.*relaying denied/);
    await stop(ss);
  });

  it('delivers exactly once an alert journaled before a kill -9', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const inst = await instanceWith(port, '[check web]\nmodule = answer\nalert plan = once\n', '[class lab]\nhosts = h1\ncheck schedule = fast\n\n[group web]\nhosts = h1\n');
    await setRc(inst, 'web', 1);
    const ss = start(inst); // no SMTP server yet: the alert is journaled, sending fails temporarily
    const outbox = join(inst.stateDir, 'outbox');
    await waitFor('the journaled alert', async () => (await readdir(outbox).catch(() => [])).some((f) => f.endsWith('.json')), 20_000);
    ss.child.kill('SIGKILL');
    await ss.exited;
    const smtp = await SmtpTestServer.start(undefined, port);
    servers.push(smtp);
    const again = start(inst);
    await waitFor('the delivery after restart', () => smtp.received.length >= 1, 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(smtp.received.length, 1, 'exactly one message');
    await stop(again);
  });
});
