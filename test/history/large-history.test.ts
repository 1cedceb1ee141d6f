import assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CheckHistoryRecord } from '../../src/history/history-record.js';
import { parseCheckHistoryRecord } from '../../src/history/history-record.js';
import { readHistory } from '../../src/history/read-history.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const LINES = 1_000_000;
const T0 = 1_700_000_000_000;

async function collect(path: string, query: Parameters<typeof readHistory>[2]): Promise<CheckHistoryRecord[]> {
  const out: CheckHistoryRecord[] = [];
  for await (const r of readHistory(path, parseCheckHistoryRecord, query)) out.push(r);
  return out;
}

describe('reading a large history file', () => {
  it('reads the newest records of a 1,000,000-line file from its tail only', async () => {
    const path = join(await makeTempDir(), 'checkhistory');
    const fh = await open(path, 'w');
    for (let start = 0; start < LINES; start += 50_000) {
      let chunk = '';
      for (let i = start; i < start + 50_000; i++) chunk += `{"time":${T0 + i * 60_000},"rc":0,"scalar":${i},"comment":"OK - 12 ms","duration":12}\n`;
      await fh.write(chunk);
    }
    await fh.close();

    let t = performance.now();
    const last = await collect(path, { reverse: true, limit: 20 });
    const lastMs = performance.now() - t;
    assert.deepEqual(last.map((r) => r.scalar), Array.from({ length: 20 }, (_, i) => LINES - 1 - i));

    t = performance.now();
    const hour = await collect(path, { reverse: true, from: T0 + (LINES - 60) * 60_000 });
    const hourMs = performance.now() - t;
    assert.equal(hour.length, 60);

    t = performance.now();
    const window = await collect(path, { reverse: true, from: T0 + 500_000 * 60_000, until: T0 + 500_010 * 60_000 });
    const middleMs = performance.now() - t;
    assert.deepEqual(window.map((r) => r.scalar), [500_009, 500_008, 500_007, 500_006, 500_005, 500_004, 500_003, 500_002, 500_001, 500_000]);

    t = performance.now();
    let all = 0;
    for await (const _ of readHistory(path, parseCheckHistoryRecord)) all++;
    const scanMs = performance.now() - t;
    assert.equal(all, LINES);

    console.log(
      `# 1,000,000 lines: last 20 in ${lastMs.toFixed(1)} ms, last hour (60) in ${hourMs.toFixed(1)} ms, ` +
        `10 from the middle (bisected) in ${middleMs.toFixed(1)} ms, full forward scan in ${scanMs.toFixed(0)} ms`,
    );
  });
});
