import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DisableStore, disableInForce, parsePairDisable, type PairDisable } from '../../src/state/disable-store.js';
import { StateStore } from '../../src/state/state-store.js';
import { StatusSnapshot } from '../../src/state/status-snapshot.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const base = { version: 1, who: 'alice', comment: 'why', time: 5 } as const;

describe('the disabled file', () => {
  const texts: [string, string | undefined][] = [
    [JSON.stringify({ ...base, mode: 'disabled' }), undefined],
    [JSON.stringify({ ...base, mode: 'paused', until: 9 }), undefined],
    [JSON.stringify({ ...base, mode: 'off' }), 'mode must be "disabled" or "paused", got "off"'],
    [JSON.stringify({ ...base, mode: 'paused', until: -1 }), 'until must be at least 0, got -1'],
    [JSON.stringify({ ...base, version: 2, mode: 'disabled' }), 'unsupported version 2'],
    ['{', 'not JSON'],
  ];
  for (const [text, problem] of texts) {
    it(`${problem === undefined ? 'accepts' : 'refuses'} ${text}`, () => {
      const parsed = parsePairDisable(text);
      if (problem === undefined) assert.deepEqual(parsed.record, JSON.parse(text));
      else assert.ok(parsed.problem?.startsWith(problem), parsed.problem);
    });
  }

  const force: [PairDisable | undefined, number, boolean][] = [
    [undefined, 0, false],
    [{ ...base, mode: 'disabled' }, 1e15, true],
    [{ ...base, mode: 'paused' }, 1e15, true],
    [{ ...base, mode: 'paused', until: 100 }, 99, true],
    [{ ...base, mode: 'paused', until: 100 }, 100, false],
  ];
  for (const [record, now, want] of force) it(`is ${want ? '' : 'not '}in force at ${now}: ${JSON.stringify(record)}`, () => assert.equal(disableInForce(record, now), want));

  it('writes, reads and removes the record under the pair lock with a commandhistory line and a notice; the snapshot follows by mtime', async () => {
    const dir = await makeTempDir('disable-store-');
    const store = new StateStore({ stateDir: join(dir, 'state'), historyDir: join(dir, 'history'), fsync: false });
    const disables = new DisableStore(store);
    const snapshot = new StatusSnapshot(store);
    const pairs = [{ service: 'web', host: 'h1' }];
    assert.deepEqual(snapshot.refresh(pairs, 10).disables, [undefined]);
    const record: PairDisable = { ...base, mode: 'paused', until: 100 };
    await disables.update('web', 'h1', () => ({ disabled: record, command: { time: 5, command: 'pause', who: 'alice', comment: 'why' } }));
    assert.deepEqual(await disables.read('web', 'h1'), record);
    assert.deepEqual(snapshot.refresh(pairs, 10).disables, [record]);
    assert.deepEqual(snapshot.refresh(pairs, 100).disables, [undefined], 'a pause that ended is not in force');
    assert.equal((await readdir(join(dir, 'state', 'notices'))).length, 1);
    assert.match(await readFile(join(dir, 'history', 'host', 'h1', 'web', 'commandhistory'), 'utf8'), /"command":"pause"/);
    assert.equal(await disables.update('web', 'h1', () => undefined), undefined, 'deciding nothing writes nothing');
    await disables.removeExpired('web', 'h1', 99);
    assert.deepEqual(await disables.read('web', 'h1'), record, 'not removed before its end');
    await disables.removeExpired('web', 'h1', 100);
    assert.equal(await disables.read('web', 'h1'), undefined);
  });
});
