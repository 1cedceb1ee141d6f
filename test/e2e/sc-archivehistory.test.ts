import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSc, scOk, scRefused } from '../helpers/run-sc.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { checkLine, historyInstance, iso, lines, MIN, T0, writeHistory } from './history-instance.js';

describe('sc archivehistory', () => {
  it('is refused unless the instance allows archiving, and needs exactly one destination', async () => {
    const closed = await historyInstance(false);
    const dest = await makeTempDir('archive-');
    await scRefused(closed, ['-o', `all,directory=${dest}`, 'archivehistory'], 4, /does not allow archiving \(set "allow archive = yes"/);
    const inst = await historyInstance();
    await scRefused(inst, ['-o', 'all', 'ar'], 2, /exactly one destination/);
    await scRefused(inst, ['-o', `all,directory=${dest},file=${dest}/f`, 'ar'], 2, /exactly one destination/);
    await scRefused(inst, ['-o', `directory=${dest}`, 'ar'], 2, /exactly one of -o stale, -o all or/);
    await scRefused(inst, ['-o', `stale,directory=${dest}`, 'ar', 'h1'], 2, /exactly one of -o stale, -o all or/);
    await scRefused(inst, ['-o', `directory=${join(inst.historyDir, 'x')}`, 'ar', 'h1'], 2, /inside the history directory/);
    await scRefused(inst, ['-o', `directory=${dest}`, 'ar', 'nosuch@h1'], 1, /not a configured service@host pair/);
    assert.equal((await lines(join(inst.historyDir, 'host', 'h1', 'answer', 'checkhistory'))).length, 3, 'nothing was archived');
  });

  it('directory= moves the records inside the window to <dir>/<host>/<service>/<file>, appending', async () => {
    const inst = await historyInstance();
    const dest = await makeTempDir('archive-');
    const live = join(inst.historyDir, 'host', 'h1', 'answer', 'checkhistory');
    const before = await lines(live);
    const r = await scOk(inst, ['-u', iso(T0 + 12 * MIN), '-o', `directory=${dest}`, 'archivehistory', 'answer@h1']);
    assert.match(r.stdout, /^OK +checkhistory answer@h1: 2 archived, 1 kept$/m);
    assert.match(r.stdout, /^2 records archived from 1 file$/m);
    const archived = join(dest, 'h1', 'answer', 'checkhistory');
    assert.deepEqual(await lines(archived), before.slice(0, 2));
    assert.deepEqual(await lines(live), before.slice(2));
    // A second run appends to the same archive file.
    await scOk(inst, ['-o', `directory=${dest}`, 'archivehistory', 'answer@h1']);
    assert.deepEqual(await lines(archived), before);
    assert.deepEqual(await lines(live), []);
    assert.ok(existsSync(live), 'a configured pair keeps its (empty) history file');
  });

  it('file= appends every archived line prefixed <historyfile>:<service>@<host>:', async () => {
    const inst = await historyInstance();
    await scOk(inst, ['-c', 'why', 'trip', 'answer@h2']);
    const commands = await lines(join(inst.historyDir, 'host', 'h2', 'answer', 'commandhistory'));
    const checks = await lines(join(inst.historyDir, 'host', 'h2', 'answer', 'checkhistory'));
    const dest = join(await makeTempDir('archive-'), 'all.txt');
    const r = await scOk(inst, ['--json', '-o', `all,file=${dest}`, 'archivehistory']);
    const rows = JSON.parse(r.stdout) as { service: string; host: string; file: string; ok: boolean; before: number; kept: number; archived: number }[];
    assert.ok(rows.every((x) => x.ok && x.before === x.kept + x.archived && x.kept === 0));
    const got = await lines(dest);
    for (const l of checks) assert.ok(got.includes(`checkhistory:answer@h2:${l}`), l);
    for (const l of commands) assert.ok(got.includes(`commandhistory:answer@h2:${l}`), l);
    assert.equal(got.length, 3 + checks.length + commands.length);
  });

  it('stale moves all history of unconfigured pairs and removes their files and directories', async () => {
    const inst = await historyInstance();
    const old = [checkLine(T0, 0), checkLine(T0 + MIN, 1)];
    await writeHistory(inst, 'gone', 'h1', 'checkhistory', old);
    await writeHistory(inst, 'gone', 'h1', 'commandhistory', [JSON.stringify({ time: T0, command: 'trip', who: 'x', comment: '' }) + '\n']);
    await writeHistory(inst, 'answer', 'h9', 'checkhistory', old);
    const dest = await makeTempDir('archive-');
    // The window is ignored for stale history.
    const r = await scOk(inst, ['-f', iso(T0 + MIN), '-o', `stale,directory=${dest}`, 'archivehistory']);
    assert.match(r.stdout, /^OK +checkhistory gone@h1 \(stale\): 2 archived, 0 kept, file removed$/m);
    assert.match(r.stdout, /^OK +commandhistory gone@h1 \(stale\): 1 archived/m);
    assert.match(r.stdout, /^OK +checkhistory answer@h9 \(stale\): 2 archived/m);
    assert.doesNotMatch(r.stdout, /answer@h1/, 'configured pairs are left alone');
    assert.deepEqual(await lines(join(dest, 'h1', 'gone', 'checkhistory')), old.map((l) => l.trimEnd()));
    assert.deepEqual(await lines(join(dest, 'h9', 'answer', 'checkhistory')), old.map((l) => l.trimEnd()));
    assert.ok(!existsSync(join(inst.historyDir, 'host', 'h1', 'gone')));
    assert.ok(!existsSync(join(inst.historyDir, 'host', 'h9')));
    assert.equal((await lines(join(inst.historyDir, 'host', 'h1', 'answer', 'checkhistory'))).length, 3);
  });

  it('keeps lines it cannot read a time from, and drops nothing else', async () => {
    const inst = await historyInstance();
    const path = await writeHistory(inst, 'answer', 'h1', 'checkhistory', [checkLine(T0, 0), 'garbage\n', checkLine(T0 + MIN, 0)]);
    const dest = await makeTempDir('archive-');
    const r = await runSc(inst, ['-o', `directory=${dest}`, 'archivehistory', 'answer@h1']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await lines(path), ['garbage']);
    assert.equal((await lines(join(dest, 'h1', 'answer', 'checkhistory'))).length, 2);
  });
});
