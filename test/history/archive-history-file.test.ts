import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { archiveHistoryFile } from '../../src/history/archive-history-file.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const line = (time: number, n = 0): string => JSON.stringify({ time, rc: 0, scalar: n, comment: `record ${n}`, duration: 1 });

async function fileLines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
}

describe('archiveHistoryFile', () => {
  it('moves exactly the records inside [from, until) and keeps the rest in order (property)', async () => {
    const dir = await makeTempDir('archive-file-');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 40 }), fc.option(fc.integer({ min: 0, max: 100 })), fc.option(fc.integer({ min: 0, max: 100 })), async (times, from, until) => {
        const path = join(dir, `h${n}`);
        const target = join(dir, `a${n++}`);
        const all = times.map((t, i) => line(t, i));
        await writeFile(path, all.map((l) => l + '\n').join(''));
        const inWindow = (t: number): boolean => (from === null || t >= from) && (until === null || t < until);
        const count = await archiveHistoryFile({ path, target: { path: target, prefix: '' }, ...(from === null ? {} : { from }), ...(until === null ? {} : { until }) });
        assert.deepEqual(await fileLines(target), all.filter((_, i) => inWindow(times[i]!)));
        assert.deepEqual(await fileLines(path), all.filter((_, i) => !inWindow(times[i]!)));
        assert.equal(count.before, all.length);
        assert.equal(count.before, count.kept + count.archived);
      }),
      { numRuns: 60 },
    );
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.')), [], 'no temporary file is left behind');
  });

  it('prefixes archived lines, appends after an archive left with a torn tail, and drops a torn live tail', async () => {
    const dir = await makeTempDir('archive-file-');
    const path = join(dir, 'checkhistory');
    const target = join(dir, 'sub', 'archive');
    await writeFile(path, `${line(1)}\n${line(2)}\n{"time":3,"rc`);
    await archiveHistoryFile({ path, target: { path: target, prefix: 'x:' }, until: 2 });
    await writeFile(target, (await readFile(target, 'utf8')) + 'torn');
    const count = await archiveHistoryFile({ path, target: { path: target, prefix: 'x:' } });
    assert.deepEqual(count, { before: 1, kept: 0, archived: 1, removed: false });
    assert.deepEqual(await fileLines(target), [`x:${line(1)}`, 'torn', `x:${line(2)}`]);
    assert.equal(await readFile(path, 'utf8'), '', 'the torn record is gone, the file stays');
  });

  it('removes an emptied file only when asked, and counts a missing file as empty', async () => {
    const dir = await makeTempDir('archive-file-');
    const path = join(dir, 'checkhistory');
    await writeFile(path, `${line(1)}\n`);
    const count = await archiveHistoryFile({ path, target: { path: join(dir, 'a'), prefix: '' }, removeIfEmpty: true });
    assert.deepEqual(count, { before: 1, kept: 0, archived: 1, removed: true });
    assert.ok(!existsSync(path));
    assert.deepEqual(await archiveHistoryFile({ path, target: { path: join(dir, 'a'), prefix: '' } }), { before: 0, kept: 0, archived: 0, removed: false });
  });
});
