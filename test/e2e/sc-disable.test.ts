import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TestInstance } from '../helpers/instance.js';
import { runSc, scOk as ok, scRefused as refused } from '../helpers/run-sc.js';
import { files, history, instance, stateFile, stateOf } from './alerting-instance.js';

interface View {
  service: string;
  host: string;
  state?: string;
  next?: number;
  disabled?: { who: string; comment: string; time: number; until?: number };
}

const statusJson = async (inst: TestInstance, args: string[]): Promise<View[]> => JSON.parse((await ok(inst, [...args, 'status', '--json'])).stdout) as View[];

describe('sc disable, pause and enable', () => {
  it('refuses bad input with one line and exit 1 or 2, changing nothing', async () => {
    const inst = await instance();
    await refused(inst, ['disable'], 2, /^sc: disable: name at least one service, host or service@host$/);
    await refused(inst, ['disable', 'h1', 'nosuch'], 1, /^sc: nosuch: neither a configured check nor a monitored host \(nothing was changed\)$/);
    await refused(inst, ['-o', 'force', 'disable', 'h1'], 2, /^sc: disable: unknown option -o force/);
    await refused(inst, ['-f', '01012026', 'disable', 'h1'], 2, /^sc: disable: -f is not used by disable$/);
    await refused(inst, ['-u', '2h', 'enable', 'h1'], 2, /^sc: enable: -u is only used by pause$/);
    await refused(inst, ['-u', 'soon', 'pause', 'h1'], 2, /^sc: pause: -u takes \[HHMM\]MMDDYYYY, ISO 8601 or a duration such as 2h, got "soon"$/);
    await refused(inst, ['-u', '01012020', 'pause', 'h1'], 2, /^sc: pause: -u 01012020 is not in the future$/);
    await refused(inst, ['enable', 'answer@h1'], 1, /^sc: answer@h1: neither disabled nor paused$/);
    assert.deepEqual(await files(inst), []);
    assert.deepEqual(await history(inst, 'commandhistory'), []);
    const broken = await instance();
    await broken.writeConfig({ check: '[check answer]\nmodule = nosuchmodule\n' });
    const r = await runSc(broken, ['-c', 'x', 'disable', 'h1']);
    assert.equal(r.code, 3, 'a configuration error is exit 3');
    assert.deepEqual(await files(broken), []);
    const strict = await instance('require comment = yes');
    await refused(strict, ['disable', 'h1'], 2, /^sc: disable: this instance requires a comment \(-c\)$/);
    await refused(strict, ['pa', 'h1'], 2, /^sc: pause: this instance requires a comment \(-c\)$/);
    assert.deepEqual(await files(strict), []);
  });

  it('disables every service of a host, shows it as Disabled, lists it with match=disabled and enables it with a reschedule', async () => {
    const inst = await instance();
    await ok(inst, ['-c', 'disk full', 'trip', 'answer@h1']);
    const r = await ok(inst, ['-c', 'maintenance', 'disable', 'h1']);
    assert.deepEqual(r.stdout.trim().split('\n'), ['answer@h1: disabled', 'plain@h1: disabled']);
    const record = await stateOf(inst, 'disabled');
    assert.equal(record?.mode, 'disabled');
    assert.equal(record?.comment, 'maintenance');
    assert.equal(record?.version, 1);
    assert.equal((await stateOf(inst, 'disabled', 'plain'))?.mode, 'disabled');
    assert.ok((await readdir(join(inst.stateDir, 'notices'))).some((n) => n.endsWith('.json')), 'a running ss is told');
    await refused(inst, ['dis', 'answer@h1'], 1, /^sc: answer@h1: already disabled by /);

    const text = (await ok(inst, ['status', 'answer@h1'])).stdout;
    assert.match(text, /^\[answer@h1\]\n Disabled\n -> Disabled by \S+ at .+: maintenance\n -> Last result: PROBLEM \(1 instance\)\n/);
    assert.match(text, / -> Approximate next check: never/);
    const view = await statusJson(inst, ['-o', 'match=disabled']);
    assert.deepEqual(view.map((v) => `${v.service}@${v.host}:${v.state}`), ['answer@h1:disabled', 'plain@h1:disabled']);
    assert.equal(view[0]?.next, undefined);
    assert.equal(view[0]?.disabled?.comment, 'maintenance');
    assert.equal((await statusJson(inst, ['-o', 'match=stalled'])).length, 0, 'a disabled pair is not stalled');

    const enabled = await ok(inst, ['en', 'answer@h1']);
    assert.equal(enabled.stdout, 'answer@h1: enabled, check rescheduled\n');
    assert.equal(await stateOf(inst, 'disabled'), undefined);
    const status = (await stateOf(inst, 'checkstatus')) as { time: number; rc: number };
    assert.deepEqual([status.time, status.rc], [0, 1], 'rescheduled, rc kept');
    assert.equal((await stateOf(inst, 'disabled', 'plain'))?.mode, 'disabled', 'the other pair stays disabled');
    const commands = await history(inst, 'commandhistory');
    assert.deepEqual(commands.map((c) => [c.command, c.comment]), [['trip', 'disk full'], ['disable', 'maintenance'], ['enable', '(no reason given)']]);
    const json = JSON.parse((await ok(inst, ['commandhistory', '--json', 'plain@h1'])).stdout) as { command: string }[];
    assert.deepEqual(json.map((c) => c.command), ['disable']);
  });

  it('pauses until a time, shows Paused (until …), refuses to pause a disabled pair, and forgets a pause that has ended', async () => {
    const inst = await instance();
    const before = Date.now();
    const r = await ok(inst, ['-c', 'patching', '--until', '2h', 'pause', 'answer@h2']);
    assert.match(r.stdout, /^answer@h2: paused until \w{3} \w{3} /);
    const record = (await stateOf(inst, 'disabled', 'answer', 'h2')) as { mode: string; until: number; time: number };
    assert.equal(record.mode, 'paused');
    assert.ok(record.until >= before + 2 * 3_600_000 && record.until <= Date.now() + 2 * 3_600_000);
    assert.match((await ok(inst, ['status', 'answer@h2'])).stdout, /^\[answer@h2\]\n Paused \(until \w{3} \w{3} .+\)\n -> Paused by \S+ at .+: patching\n/);
    const [view] = await statusJson(inst, ['-o', 'match=disabled']);
    assert.equal(view?.state, 'paused');
    assert.equal(view?.disabled?.until, record.until);
    assert.ok((view?.next ?? 0) >= record.until, 'the next check is after the pause');

    await ok(inst, ['-c', 'gone', 'disable', 'answer@h1']);
    await refused(inst, ['pause', 'answer@h1'], 1, /^sc: answer@h1: disabled by \S+ at .+; enable it before pausing$/);
    await ok(inst, ['-u', '2030-01-01T00:00Z', 'pause', 'answer@h2']);
    assert.equal((await stateOf(inst, 'disabled', 'answer', 'h2'))?.until, Date.parse('2030-01-01T00:00Z'), 'a second pause replaces the first');

    await writeFile(stateFile(inst, 'disabled', 'answer', 'h2'), JSON.stringify({ version: 1, mode: 'paused', who: 'x', comment: '', time: 1, until: 2 }) + '\n');
    assert.deepEqual((await statusJson(inst, ['-o', 'match=disabled'])).map((v) => v.host), ['h1'], 'an ended pause is ignored');
    await refused(inst, ['enable', 'answer@h2'], 1, /neither disabled nor paused/);
    assert.deepEqual((await history(inst, 'commandhistory', 'answer', 'h2')).map((c) => c.command), ['pause', 'pause']);
  });

  it('adds the alert lines of 1.0 to the status text', async () => {
    const inst = await instance();
    await ok(inst, ['-c', 'disk full', 'trip', 'answer@h1']);
    await ok(inst, ['-c', 'replacing', 'inhibit', 'answer@h1']);
    const text = (await ok(inst, ['status', 'answer@h1'])).stdout;
    assert.match(text, /\n => Alerts have been inhibited by \S+ since .+\n => Reason: replacing\n/);
    assert.ok(!text.includes('\u001b['), 'no colour when not on a terminal');
  });
});
