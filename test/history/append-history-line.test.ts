import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { appendHistoryLine } from '../../src/history/append-history-line.js';
import { historyLine } from '../../src/history/history-record.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('appendHistoryLine', () => {
  it('appends complete lines, creating the file and its directory', async () => {
    const path = join(await makeTempDir(), 'host', 'h', 's', 'checkhistory');
    await appendHistoryLine(path, historyLine({ time: 1 }));
    await appendHistoryLine(path, historyLine({ time: 2, comment: 'ünïcode' }));
    assert.equal(await readFile(path, 'utf8'), '{"time":1}\n{"time":2,"comment":"ünïcode"}\n');
  });

  it('cuts a torn tail off before appending, so a record is never glued to a fragment', async () => {
    const path = join(await makeTempDir(), 'checkhistory');
    await writeFile(path, '{"time":1}\n{"time":2,"rc');
    await appendHistoryLine(path, historyLine({ time: 3 }));
    assert.equal(await readFile(path, 'utf8'), '{"time":1}\n{"time":3}\n');
  });

  it('refuses anything that is not exactly one line', async () => {
    const path = join(await makeTempDir(), 'checkhistory');
    for (const bad of ['no newline', 'two\nlines\n', '\n\n']) {
      await assert.rejects(appendHistoryLine(path, bad), TypeError);
    }
  });

  it('escapes newlines inside records so each record stays one line', () => {
    assert.equal(historyLine({ comment: 'a\nb' }), '{"comment":"a\\nb"}\n');
  });
});
