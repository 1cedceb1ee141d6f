import assert from 'node:assert/strict';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir } from '../helpers/temp-dir.js';
import { checkOne } from './module-process.js';

const dir = await makeTempDir();
const log = join(dir, 'app.log');
const old = join(dir, 'backup.tar');
const missing = join(dir, 'missing');
await writeFile(log, 'started\nERROR disk full\nworking\nERROR disk still full\n');
await writeFile(old, 'x');
const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000;
await utimes(old, twoHoursAgo, twoHoursAgo);

describe('check/filetest', () => {
  it('is OK when every file exists, with the oldest age as scalar', async () => {
    const line = await checkOne('filetest', 'h', { name: [log, old] });
    assert.equal(line.rc, 0);
    assert.ok(Math.abs(line.scalar - 7200) <= 5, String(line.scalar));
    assert.match(line.comment, /app\.log: age \d+ s, .*backup\.tar: age 2 h$/);
  });

  it('is a PROBLEM when a file is missing, or OK with op any', async () => {
    assert.equal((await checkOne('filetest', 'h', { name: [log, missing] })).rc, 1);
    const any = await checkOne('filetest', 'h', { name: [log, missing], op: 'any' });
    assert.equal(any.rc, 0);
    assert.match(any.comment, /missing: missing$/);
  });

  it('wants files absent with exists no', async () => {
    assert.equal((await checkOne('filetest', 'h', { name: missing, exists: 'no' })).rc, 0);
    assert.equal((await checkOne('filetest', 'h', { name: log, exists: false })).rc, 1);
  });

  it('grades the age with time relations', async () => {
    const line = await checkOne('filetest', 'h', { name: [log, old], timewarn: 'tot[60]', timeprob: 'tot[86400]' });
    assert.equal(line.rc, 2);
    assert.match(line.comment, /backup\.tar: age 2 h \(warn: older than 60 s\)$/);
    assert.equal((await checkOne('filetest', 'h', { name: log, timeprob: 'tnt[600]' })).rc, 1);
    assert.equal((await checkOne('filetest', 'h', { name: [log, old], op: 'any', timeprob: 'tot[3600]' })).rc, 0);
  });

  it('counts matching lines, with the count as scalar', async () => {
    const line = await checkOne('filetest', 'h', { name: log, grep: '^ERROR', countprob: 'gt[0]', showline: true });
    assert.deepEqual([line.rc, line.scalar], [1, 2]);
    assert.match(line.comment, /2 lines match \/\^ERROR\/ \(prob: greater than 0\): 'ERROR disk full'$/);
    const warned = await checkOne('filetest', 'h', { name: log, grep: 'ERROR', countwarn: 'gt[1]', countprob: 'gt[5]' });
    assert.equal(warned.rc, 2);
  });

  it('requires a match when grep is given alone', async () => {
    assert.equal((await checkOne('filetest', 'h', { name: log, grep: 'working' })).rc, 0);
    assert.equal((await checkOne('filetest', 'h', { name: log, grep: 'finished' })).rc, 1);
  });

  it('checks the file type', async () => {
    assert.equal((await checkOne('filetest', 'h', { name: dir, type: 'd' })).rc, 0);
    const line = await checkOne('filetest', 'h', { name: dir, type: 'f' });
    assert.deepEqual([line.rc, line.comment], [1, `${dir}: not a regular file`]);
  });

  it('answers MISCONFIG for relations of the wrong kind and bad regular expressions', async () => {
    for (const options of [{ name: log, timewarn: 'gt[5]' }, { name: log, countprob: 'tot[5]' }, { name: log, grep: '(' }, { name: log, op: 'some' }, {}]) {
      assert.equal((await checkOne('filetest', 'h', options)).rc, 4, JSON.stringify(options));
    }
  });
});
