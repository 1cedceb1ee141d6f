import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeInstance, readJson, startSs, waitFor, type RunningSs, type TestInstance } from '../helpers/instance.js';
import { runSc } from '../helpers/run-sc.js';

const HOSTS = '[class lab]\nhosts = h1 h2\ncheck schedule = slow\n\n[group answer]\nhosts = h1 h2\n';
const CHECKS = '[check answer]\nmodule = answer\ntimeout = 10 seconds\n';
const SCHEDULES = '[schedule slow]\nrule = every 1 hour\n';

const sc = runSc;

const running: RunningSs[] = [];
after(() => {
  for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
});

async function history(inst: TestInstance, kind: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(inst.historyDir, 'host', 'h1', 'answer', kind), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('sc against an instance', () => {
  it('checks the configuration: exit 0 when valid, 3 with file:line for each error', async () => {
    const inst = await makeInstance();
    await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES });
    const good = await sc(inst, ['checkcf']);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /valid: 1 checks, 2 hosts, 2 pairs/);
    await inst.writeConfig({ check: CHECKS + 'timeout = 10 parsecs\n', host: HOSTS + '[group ghost]\nhosts = nobody\n' });
    const bad = await sc(inst, ['checkcf']);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /check\.cf:4: \[check answer\] timeout/);
    assert.match(bad.stderr, /host\.cf:8: /);
  });

  it('prints status as JSON, reschedules and trips pairs that a running ss then honours, and reads history', async () => {
    const inst = await makeInstance();
    await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES });

    const before = await sc(inst, ['status', '--json']);
    assert.equal(before.code, 0, before.stderr);
    const rows = JSON.parse(before.stdout) as Record<string, unknown>[];
    assert.deepEqual(rows.map((r) => `${String(r.service)}@${String(r.host)}`), ['answer@h1', 'answer@h2']);
    for (const key of ['service', 'host', 'rc', 'instances', 'comment', 'time', 'since']) assert.ok(key in rows[0]!, `status has ${key}`);

    const ss = startSs(inst);
    running.push(ss);
    const statusFile = join(inst.stateDir, 'host', 'h1', 'answer', 'checkstatus');
    await waitFor('the first check', async () => ((await readJson(statusFile).catch(() => undefined)) as { rc?: number } | undefined)?.rc === 0);
    const text = await sc(inst, ['s', 'answer@h1']);
    assert.match(text.stdout, /\[answer@h1\]\n OK \(1 instance\)\n -> Comment: answered h1/);

    // Hourly schedule: only a reschedule makes it run again now.
    const runs = (await history(inst, 'checkhistory')).length;
    const res = await sc(inst, ['res', 'answer@h1']);
    assert.equal(res.code, 0, res.stderr);
    await waitFor('the rescheduled check', async () => (await history(inst, 'checkhistory')).length === runs + 1);

    const tripped = await sc(inst, ['-o', 'rc=2', '-c', 'disk replaced', 'trip', 'answer@h1']);
    assert.equal(tripped.code, 0, tripped.stderr);
    const st = (await readJson(statusFile)) as { rc: number; comment: string };
    assert.deepEqual([st.rc, st.comment], [2, 'disk replaced']);
    const commands = await history(inst, 'commandhistory');
    assert.deepEqual(commands.map((c) => c.command), ['reschedule', 'trip'], 'both actions are in commandhistory');

    const newestFirst = await sc(inst, ['checkh', '-o', 'reverse', '--json', 'answer@h1']);
    const records = JSON.parse(newestFirst.stdout) as { rc: number; time: number }[];
    assert.equal(records.length, runs + 2);
    assert.equal(records[0]?.rc, 2, 'newest first');
    assert.ok(records.every((r, i) => i === 0 || r.time <= records[i - 1]!.time));
    const windowed = await sc(inst, ['checkhistory', '--json', '-f', new Date(records[0].time).toISOString(), 'answer@h1']);
    assert.equal((JSON.parse(windowed.stdout) as unknown[]).length, 1, '-f keeps only records at or after the time');
    const future = await sc(inst, ['checkhistory', '--json', '-u', '2001-01-01', 'answer@h1']);
    assert.deepEqual(JSON.parse(future.stdout), []);

    ss.child.kill('SIGTERM');
    assert.equal((await ss.exited).code, 0);
  });

  it('runs a check now without touching state or history', async () => {
    const inst = await makeInstance();
    await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES });
    await writeFile(join(inst.tmpDir, 'rc'), '2');
    const ran = await sc(inst, ['check', 'answer']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /answer@h1: WARNING \(rc 2, scalar 1, \d+ms\): answered h1/);
    assert.match(ran.stdout, /answer@h2: WARNING/);
    assert.deepEqual(await history(inst, 'checkhistory'), []);
  });

  it('refuses bad input with one line and a documented exit code', async () => {
    const inst = await makeInstance();
    await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES });
    const unknown = await sc(inst, ['status', 'nosuch@h1']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /nosuch@h1: not a configured service@host pair/);
    const badTime = await sc(inst, ['-f', '13452007', 'checkhistory', 'answer']);
    assert.equal(badTime.code, 2);
    assert.match(badTime.stderr, /-f: expected \[HHMM\]MMDDYYYY or ISO 8601/);
    const badRc = await sc(inst, ['-o', 'rc=12', 'trip', 'answer@h1']);
    assert.equal(badRc.code, 2);
    const tripHost = await sc(inst, ['trip', 'h1']);
    assert.equal(tripHost.code, 1, 'trip takes only service@host');
    assert.deepEqual(await history(inst, 'checkhistory'), [], 'nothing was changed');
  });

  it('refuses root unless the instance allows it', async () => {
    const inst = await makeInstance({ extra: '' });
    await writeFile(inst.instanceFile, (await readFile(inst.instanceFile, 'utf8')).replace('allow root = yes', 'allow root = no'));
    await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES });
    const r = await sc(inst, ['status']);
    if (process.getuid?.() === 0) {
      assert.equal(r.code, 4);
      assert.match(r.stderr, /root may not run sc/);
    } else {
      assert.equal(r.code, 0, r.stderr);
    }
  });
});
