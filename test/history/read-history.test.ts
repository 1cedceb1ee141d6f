import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CheckHistoryRecord } from '../../src/history/history-record.js';
import { parseCheckHistoryRecord } from '../../src/history/history-record.js';
import type { HistoryQuery } from '../../src/history/read-history.js';
import { readHistory } from '../../src/history/read-history.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const rec = (time: number, comment = `at ${time}`): CheckHistoryRecord => ({ time, rc: 0, scalar: time, comment, duration: 1 });
const line = (r: object): string => JSON.stringify(r) + '\n';

async function fileWith(text: string): Promise<string> {
  const path = join(await makeTempDir(), 'checkhistory');
  await writeFile(path, text);
  return path;
}

async function times(path: string, query: HistoryQuery = {}): Promise<number[]> {
  const out: number[] = [];
  for await (const r of readHistory(path, parseCheckHistoryRecord, query)) out.push(r.time);
  return out;
}

describe('readHistory', () => {
  it('reads forward oldest first and reverse newest first', async () => {
    const path = await fileWith([1, 2, 3, 4].map((t) => line(rec(t))).join(''));
    assert.deepEqual(await times(path), [1, 2, 3, 4]);
    assert.deepEqual(await times(path, { reverse: true }), [4, 3, 2, 1]);
  });

  it('returns the complete records the parser accepts, field by field', async () => {
    const path = await fileWith(line(rec(7)) + line({ ...rec(8), due: 5 }));
    const out: CheckHistoryRecord[] = [];
    for await (const r of readHistory(path, parseCheckHistoryRecord)) out.push(r);
    assert.deepEqual(out, [rec(7), { ...rec(8), due: 5 }]);
  });

  const windows: [string, HistoryQuery, number[], number[]][] = [
    ['from is inclusive', { from: 3 }, [3, 4, 5], [5, 4, 3]],
    ['until is exclusive', { until: 3 }, [1, 2], [2, 1]],
    ['from and until together', { from: 2, until: 4 }, [2, 3], [3, 2]],
    ['a limit counts records inside the window', { from: 2, limit: 2 }, [2, 3], [5, 4]],
    ['an empty window', { from: 4, until: 4 }, [], []],
    ['a window past the end', { from: 9 }, [], []],
    ['limit 0', { limit: 0 }, [], []],
  ];
  for (const [name, query, forward, backward] of windows) {
    it(`applies windows: ${name}`, async () => {
      const path = await fileWith([1, 2, 3, 4, 5].map((t) => line(rec(t))).join(''));
      assert.deepEqual(await times(path, query), forward);
      assert.deepEqual(await times(path, { ...query, reverse: true }), backward);
    });
  }

  it('has no records in a missing or empty file', async () => {
    const dir = await makeTempDir();
    assert.deepEqual(await times(join(dir, 'nope'), { reverse: true }), []);
    const empty = await fileWith('');
    assert.deepEqual(await times(empty), []);
    assert.deepEqual(await times(empty, { reverse: true }), []);
  });

  it('ignores a torn last line without a final newline, also when it is the only line', async () => {
    const path = await fileWith(line(rec(1)) + line(rec(2)) + '{"time":3,"rc":0,"sc');
    assert.deepEqual(await times(path), [1, 2]);
    assert.deepEqual(await times(path, { reverse: true }), [2, 1]);
    const only = await fileWith(JSON.stringify(rec(1)));
    assert.deepEqual(await times(only), []);
    assert.deepEqual(await times(only, { reverse: true }), []);
  });

  it('skips unparseable, invalid and empty lines', async () => {
    const path = await fileWith(line(rec(1)) + 'garbage\n\n' + line({ time: 'x' }) + '[]\n' + line(rec(2)) + '{"time":3,"rc":0,"scalar":0,"comment":"a"}{"glued"\n' + line(rec(4)));
    assert.deepEqual(await times(path), [1, 2, 4]);
    assert.deepEqual(await times(path, { reverse: true }), [4, 2, 1]);
  });

  it('reads lines longer than the chunk and lines split across chunk boundaries', async () => {
    const records = [rec(1, 'a'.repeat(300)), rec(2, 'b'), rec(3, 'ü'.repeat(200)), rec(4, '')];
    const path = await fileWith(records.map(line).join(''));
    for (const chunkSize of [1, 2, 7, 64, 100, 1000, 1 << 16]) {
      assert.deepEqual(await times(path, { chunkSize }), [1, 2, 3, 4], `forward, chunk ${chunkSize}`);
      assert.deepEqual(await times(path, { chunkSize, reverse: true }), [4, 3, 2, 1], `reverse, chunk ${chunkSize}`);
    }
  });

  it('finds a record appended slightly out of time order, and stops reading once past the slack', async () => {
    // A trip at 1000 appended while a check that started at 990 was running: file order 1000, 990.
    const path = await fileWith([10, 20, 1000, 990, 2000].map((t) => line(rec(t))).join('') + 'garbage that would never be reached\n');
    assert.deepEqual(await times(path, { reverse: true, from: 995, orderSlackMs: 50 }), [2000, 1000]);
    assert.deepEqual(await times(path, { reverse: true, from: 980, orderSlackMs: 50 }), [2000, 990, 1000]);
    assert.deepEqual(await times(path, { until: 995, orderSlackMs: 50 }), [10, 20, 990]);
  });

  it('reads backwards exactly what it reads forwards, reversed, for any content and chunk size', async () => {
    const dir = await makeTempDir();
    let n = 0;
    const piece = fc.oneof(
      fc.record({ time: fc.nat(1000), comment: fc.string({ maxLength: 40 }) }).map((r) => line(rec(r.time, r.comment))),
      fc.constantFrom('\n', 'junk\n', '{"time":\n'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), fc.string({ maxLength: 10 }), fc.integer({ min: 1, max: 80 }), async (pieces, tail, chunkSize) => {
        const text = pieces.join('') + tail.replaceAll('\n', '');
        const path = join(dir, `f${n++}`);
        await writeFile(path, text);
        const expected = pieces.flatMap((p) => {
          const r = parseCheckHistoryRecord((() => { try { return JSON.parse(p) as unknown; } catch { return undefined; } })());
          return r === undefined ? [] : [r.time];
        });
        assert.deepEqual(await times(path, { chunkSize }), expected);
        assert.deepEqual(await times(path, { chunkSize, reverse: true }), [...expected].reverse());
      }),
      { numRuns: 200 },
    );
  });

  it('finds exactly the records of any window in a sorted file, bisecting files larger than a probe', async () => {
    const dir = await makeTempDir();
    let n = 0;
    const entry = fc.oneof({ weight: 9, arbitrary: fc.nat(50).map((gap) => ({ gap })) }, { weight: 1, arbitrary: fc.constantFrom('junk\n', '\n', '{"time":"x"}\n') });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 600 }), fc.nat(15_000), fc.nat(15_000), fc.integer({ min: 0, max: 30 }), fc.boolean(), async (entries, a, b, limit, reverse) => {
        let time = 0;
        const all: number[] = [];
        const text = entries
          .map((e) => {
            if (typeof e === 'string') return e;
            time += e.gap;
            all.push(time);
            return line(rec(time, 'padding to make lines longer than a few bytes'));
          })
          .join('');
        const path = join(dir, `w${n++}`);
        await writeFile(path, text);
        const [from, until] = [Math.min(a, b), Math.max(a, b)];
        const inWindow = all.filter((t) => t >= from && t < until);
        const expected = (reverse ? inWindow.reverse() : inWindow).slice(0, limit === 0 ? undefined : limit);
        const query = { from, until, reverse, orderSlackMs: 0, ...(limit === 0 ? {} : { limit }) };
        assert.deepEqual(await times(path, query), expected);
      }),
      { numRuns: 150 },
    );
  });
});
