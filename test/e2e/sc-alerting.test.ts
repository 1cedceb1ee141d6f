import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSc, scOk as ok, scRefused as refused } from '../helpers/run-sc.js';
import { files, history, instance, stateOf } from './alerting-instance.js';

describe('sc operator actions on pairs', () => {
  it('acknowledges a failing pair with a stub alertstatus and an expiry, refuses twice, and unacknowledges with a reschedule', async () => {
    const inst = await instance();
    await ok(inst, ['-o', 'rc=0', 'trip', 'answer@h1']);
    await refused(inst, ['ack', 'answer@h1'], 1, /^sc: answer@h1: No outstanding error/);
    assert.deepEqual(await files(inst), ['checkstatus']);

    await ok(inst, ['-c', 'disk full', 'trip', 'answer@h1']);
    const acked = await ok(inst, ['-c', 'replacing the disk', '-o', 'expire=2h', 'acknowledge', 'answer@h1']);
    assert.match(acked.stdout, /^answer@h1: acknowledged until /);
    const ack = (await stateOf(inst, 'acknowledge')) as { who: string; comment: string; time: number; expires: number };
    assert.equal(ack.comment, 'replacing the disk');
    assert.equal(ack.expires - ack.time, 2 * 3_600_000);
    assert.equal(typeof ack.who, 'string');
    assert.deepEqual(await stateOf(inst, 'alertstatus'), { version: 1, rc: 1, comment: 'disk full', instances: 0, time: 0, since: 0, recipients: [], stub: true });
    assert.ok((await readdir(join(inst.stateDir, 'notices'))).some((n) => n.endsWith('.json')), 'a running ss is told');
    await refused(inst, ['ac', 'answer@h1'], 1, /already acknowledged by /);
    const addressed = JSON.parse((await ok(inst, ['-o', 'match=addressed', 'status', '--json'])).stdout) as { service: string; host: string }[];
    assert.deepEqual(addressed.map((v) => `${v.service}@${v.host}`), ['answer@h1']);

    await ok(inst, ['una', 'answer@h1']);
    assert.equal(await stateOf(inst, 'acknowledge'), undefined);
    const status = (await stateOf(inst, 'checkstatus')) as { time: number; rc: number; instances: number };
    assert.deepEqual([status.time, status.rc, status.instances], [0, 1, 1], 'rescheduled, rc and instances kept');
    await refused(inst, ['unacknowledge', 'answer@h1'], 1, /not acknowledged/);

    const commands = await history(inst, 'commandhistory');
    assert.deepEqual(commands.map((c) => c.command), ['trip', 'trip', 'acknowledge', 'unacknowledge']);
    assert.equal(commands[2]?.comment, 'replacing the disk');
    assert.equal(commands[3]?.comment, '(no reason given)');
    assert.equal(commands[3]?.who, ack.who);
  });

  it('inhibits every service of a host, refuses to acknowledge an inhibited pair, and uninhibits with a reschedule', async () => {
    const inst = await instance();
    await ok(inst, ['trip', 'answer@h1']);
    const r = await ok(inst, ['-c', 'maintenance', 'inhibit', 'h1']);
    assert.deepEqual(r.stdout.trim().split('\n'), ['answer@h1: alerts inhibited', 'plain@h1: alerts inhibited']);
    assert.equal((await stateOf(inst, 'noalert'))?.comment, 'maintenance');
    assert.equal((await stateOf(inst, 'noalert', 'plain'))?.comment, 'maintenance');
    await refused(inst, ['ack', 'answer@h1'], 1, /alerts are inhibited/);
    await refused(inst, ['i', 'answer@h1'], 1, /already inhibited by /);
    await ok(inst, ['uni', 'answer@h1']);
    assert.equal(await stateOf(inst, 'noalert'), undefined);
    assert.equal((await stateOf(inst, 'checkstatus'))?.time, 0);
    assert.ok((await stateOf(inst, 'noalert', 'plain')) !== undefined, 'the other pair stays inhibited');
    assert.deepEqual((await history(inst, 'commandhistory')).map((c) => c.command), ['trip', 'inhibit', 'uninhibit']);
  });

  it('escalates try by try through the plan, with a stub alertstatus so the next pass keeps it, and stops at the last try', async () => {
    const inst = await instance();
    await refused(inst, ['escalate', 'answer'], 1, /answer: not a configured service@host pair \(nothing was changed\)/);
    await refused(inst, ['escalate', 'answer@h1'], 1, /No outstanding error: the check has not run yet/);
    await ok(inst, ['-o', 'rc=0', 'trip', 'answer@h1']);
    await refused(inst, ['escalate', 'answer@h1'], 1, /No outstanding error$/);
    await ok(inst, ['trip', 'answer@h1']);
    const first = await ok(inst, ['e', 'answer@h1']);
    assert.match(first.stdout, /the next alert uses try 2 of plan paging/);
    assert.equal((await stateOf(inst, 'escalate'))?.level, 1);
    assert.equal((await stateOf(inst, 'alertstatus'))?.stub, true);
    await ok(inst, ['escalate', 'answer@h1']);
    assert.equal((await stateOf(inst, 'escalate'))?.level, 3, 'the second try covers attempts 2 and 3');
    await refused(inst, ['escalate', 'answer@h1'], 1, /Already at maximum escalation level/);
    const escalated = JSON.parse((await ok(inst, ['-o', 'match=escalated', 'status', '--json'])).stdout) as { service: string; host: string }[];
    assert.deepEqual(escalated.map((v) => `${v.service}@${v.host}`), ['answer@h1']);
    assert.deepEqual((await history(inst, 'commandhistory')).map((c) => c.command), ['trip', 'trip', 'escalate', 'escalate']);
  });

  it('runs the fix now, records it, reschedules a failing check after success, and refuses while a fix lock is held', async () => {
    const inst = await instance();
    await ok(inst, ['trip', 'answer@h1']);
    const fixed = await ok(inst, ['-c', 'restart it', 'fix', 'answer@h1']);
    assert.equal(fixed.stdout.trim(), 'answer@h1: fix OK: fixed h1 (check rescheduled)');
    assert.deepEqual(JSON.parse(await readFile(join(inst.tmpDir, 'fix-input'), 'utf8')), { version: 1, service: 'answer', host: 'h1', timeout: 10, options: { unit: 'httpd' } });
    const fs1 = (await stateOf(inst, 'fixstatus')) as { instances: number; rc: number; comment: string; time: number; since: number; who: string };
    assert.deepEqual([fs1.instances, fs1.rc, fs1.comment, fs1.since], [1, 0, 'fixed h1', fs1.time]);
    assert.equal((await stateOf(inst, 'checkstatus'))?.time, 0);
    assert.deepEqual(await readdir(join(inst.stateDir, 'fix', 'locks')), [], 'the fix lock is released');

    await ok(inst, ['trip', 'answer@h1']);
    await writeFile(join(inst.tmpDir, 'fixrc'), '1');
    const failed = await runSc(inst, ['fix', 'answer@h1']);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /^sc: answer@h1: fix PROBLEM: fixed h1\n$/);
    const fs2 = (await stateOf(inst, 'fixstatus')) as { instances: number; since: number };
    assert.deepEqual([fs2.instances, fs2.since], [2, fs1.since], 'attempts counted, first attempt kept');
    assert.notEqual((await stateOf(inst, 'checkstatus'))?.time, 0, 'a failed fix does not reschedule');

    const fixes = await history(inst, 'fixhistory');
    assert.deepEqual(fixes.map((f) => [f.rc, f.comment, f.who]), [[0, 'fixed h1', fs1.who], [1, 'fixed h1', fs1.who]]);
    const commands = (await history(inst, 'commandhistory')).filter((c) => c.command === 'fix');
    assert.deepEqual(commands.map((c) => c.comment), ['restart it', '(no reason given)']);

    await mkdir(join(inst.stateDir, 'fix', 'locks'), { recursive: true });
    await writeFile(join(inst.stateDir, 'fix', 'locks', '*@h1'), JSON.stringify({ pid: 1, time: Date.now(), who: 'bob' }));
    await refused(inst, ['fix', 'answer@h1'], 4, /^sc: answer@h1: the fix may already be running \(fix lock \*@h1 taken by bob/);
    assert.equal((await history(inst, 'fixhistory')).length, 2, 'nothing ran');
    await refused(inst, ['fix', 'plain@h1'], 1, /no fix is defined for check plain/);
  });
});
