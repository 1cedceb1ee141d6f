import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hasTornTail, repairTornTail } from '../../src/history/repair-torn-tail.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('repairTornTail', () => {
  const cases: [string, string, string, number][] = [
    ['an empty file', '', '', 0],
    ['a whole file', 'a\nb\n', 'a\nb\n', 0],
    ['a torn last line', 'a\nb\nhalf', 'a\nb\n', 4],
    ['a file that is one torn line', 'half', '', 4],
    ['a torn line longer than the read chunk', 'a\n' + 'x'.repeat(200_000), 'a\n', 200_000],
    ['a whole line longer than the read chunk, then a torn one', 'y'.repeat(150_000) + '\nz', 'y'.repeat(150_000) + '\n', 1],
  ];
  for (const [name, before, after, removed] of cases) {
    it(`repairs ${name}`, async () => {
      const path = join(await makeTempDir(), 'h');
      await writeFile(path, before);
      assert.equal(await hasTornTail(path), removed > 0);
      assert.equal(await repairTornTail(path), removed);
      assert.equal(await readFile(path, 'utf8'), after);
      assert.equal(await hasTornTail(path), false);
    });
  }

  it('treats a missing file as whole', async () => {
    const path = join(await makeTempDir(), 'missing');
    assert.equal(await hasTornTail(path), false);
    assert.equal(await repairTornTail(path), 0);
  });
});
