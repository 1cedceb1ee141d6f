import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeInstance, type TestInstance } from '../helpers/instance.js';
import { scOk as ok, scRefused as refused } from '../helpers/run-sc.js';

const HOSTS = '[class lab]\nhosts = h1 h2\ncheck schedule = slow\n\n[group answer]\nhosts = h1 h2\n';
const CHECKS = '[check answer]\nmodule = answer\n';
const SCHEDULES = '[schedule slow]\nrule = every 1 hour\n';

async function instance(): Promise<TestInstance> {
  const inst = await makeInstance();
  await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES });
  return inst;
}

describe('sc history commands', () => {
  it('prints alert, fix and command history as text and JSON, windowed, newest first and limited', async () => {
    const inst = await instance();
    const dir = join(inst.historyDir, 'host', 'h1', 'answer');
    await mkdir(dir, { recursive: true });
    const t0 = Date.parse('2026-03-01T10:00:00Z');
    const alerts = [
      { time: t0, rc: 0, checkRc: 1, addresses: ['alice@example.org'], alert: 'mail', callLists: ['oncall'], clear: false, try: 1 },
      { time: t0 + 60_000, rc: 1, checkRc: 1, addresses: ['bob@example.org'], alert: 'mail', callLists: ['managers'], clear: false, try: 2, reply: '550 mailbox unavailable' },
      { time: t0 + 120_000, rc: 0, checkRc: 0, addresses: ['bob@example.org'], alert: 'mail', callLists: ['managers'], clear: true },
    ];
    await writeFile(join(dir, 'alerthistory'), alerts.map((a) => JSON.stringify(a) + '\n').join('') + '{"time":5,"broken\n');
    await writeFile(join(dir, 'fixhistory'), [0, 1].map((i) => JSON.stringify({ time: t0 + i, rc: i, comment: `attempt ${i}`, who: 'alice', duration: 10 }) + '\n').join(''));
    await ok(inst, ['-c', 'one', 'inhibit', 'answer@h1']);
    await ok(inst, ['-c', 'two', 'uninhibit', 'answer@h1']);

    const text = await ok(inst, ['alerthistory', 'answer@h1']);
    const lines = text.stdout.trimEnd().split('\n');
    assert.equal(lines[0], '[answer@h1]');
    assert.match(lines[1] ?? '', /PROBLEM alert \(try 1\) via mail to alice@example\.org \[oncall\] sent$/);
    assert.match(lines[2] ?? '', /failed \(rc 1\): 550 mailbox unavailable$/);
    assert.match(lines[3] ?? '', /clear notice via mail to bob@example\.org \[managers\] sent$/);
    assert.equal(lines.length, 4, 'the damaged line is skipped');

    const json = JSON.parse((await ok(inst, ['alerth', '--json', '-o', 'reverse,limit=2', 'answer'])).stdout) as Record<string, unknown>[];
    assert.deepEqual(json.map((r) => [r.host, r.time]), [['h1', t0 + 120_000], ['h1', t0 + 60_000]]);
    assert.deepEqual(json[1], { service: 'answer', host: 'h1', ...alerts[1] });
    const windowed = JSON.parse((await ok(inst, ['alerthistory', '--json', '-f', new Date(t0 + 1).toISOString(), '-u', new Date(t0 + 120_000).toISOString(), 'answer@h1'])).stdout) as unknown[];
    assert.equal(windowed.length, 1);

    assert.deepEqual((JSON.parse((await ok(inst, ['fixh', '--json', '-o', 'reverse', 'answer@h1'])).stdout) as { comment: string }[]).map((r) => r.comment), ['attempt 1', 'attempt 0']);
    assert.match((await ok(inst, ['fixhistory', 'answer@h1'])).stdout, /PROBLEM by alice \(10ms\): attempt 1/);
    const commands = await ok(inst, ['commandh', '-o', 'limit=1', 'answer@h1']);
    assert.match(commands.stdout, /^\[answer@h1\]\n .* inhibit by .*: one\n$/);
    await refused(inst, ['-f', '13452007', 'fixhistory', 'answer@h1'], 2, /-f: expected \[HHMM\]MMDDYYYY or ISO 8601/);
    await refused(inst, ['-o', 'sort', 'commandhistory', 'answer@h1'], 2, /unknown option -o sort/);
  });
});
