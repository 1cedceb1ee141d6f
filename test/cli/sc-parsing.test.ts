import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandCommand } from '../../src/cli/command-table.js';
import { parseTime } from '../../src/cli/parse-time.js';
import { parseScOptions } from '../../src/cli/sc-options.js';

describe('sc command names', () => {
  const table: [string, string | undefined][] = [
    ['s', 'status'],
    ['stat', 'status'],
    ['ch', 'check'],
    ['checkc', 'checkcf'],
    ['checkh', 'checkhistory'],
    ['res', 'reschedule'],
    ['re', undefined],
    ['t', 'trip'],
    ['e', 'escalate'],
    ['una', 'unacknowledge'],
    ['c', undefined],
    ['statuses', undefined],
  ];
  for (const [word, name] of table) it(`reads "${word}" as ${name ?? 'nothing'}`, () => assert.equal(expandCommand(word), name));

  it('accepts abbreviations on the command line and keeps -o values apart from targets', async () => {
    const { options } = await parseScOptions(['-i', 'demo', 'checkh', '-f', '01012007', '-o', 'reverse', '-o', 'limit=5', 'ping', 'web@h1']);
    assert.equal(options?.command, 'checkhistory');
    assert.deepEqual(options?.args, ['ping', 'web@h1']);
    assert.deepEqual([...(options?.sub ?? [])], [['reverse', ''], ['limit', '5']]);
    assert.equal(options?.from, '01012007');
  });

  it('rejects unknown options and commands with exit 2', async () => {
    assert.equal((await parseScOptions(['--bogus', 'status'])).exitCode, 2);
    assert.equal((await parseScOptions(['frobnicate'])).exitCode, 2);
    assert.equal((await parseScOptions([])).exitCode, 2);
  });
});

describe('sc times', () => {
  it('reads 1.0 [HHMM]MMDDYYYY in local time', () => {
    assert.equal(parseTime('01022007'), new Date(2007, 0, 2).getTime());
    assert.equal(parseTime('093006012007'), new Date(2007, 5, 1, 9, 30).getTime());
  });
  it('reads ISO 8601 dates and times, with or without a zone', () => {
    assert.equal(parseTime('2026-11-21'), new Date(2026, 10, 21).getTime());
    assert.equal(parseTime('2026-11-21T09:30'), new Date(2026, 10, 21, 9, 30).getTime());
    assert.equal(parseTime('2026-11-21T09:30:00Z'), Date.UTC(2026, 10, 21, 9, 30));
    assert.equal(parseTime('2026-11-21T09:30:00+01:00'), Date.UTC(2026, 10, 21, 8, 30));
  });
  for (const bad of ['', 'yesterday', '02302026', '13012026', '250001012026', '2026-02-30', '2026-11-21T24:00', '1234']) {
    it(`refuses "${bad}"`, () => assert.equal(parseTime(bad), undefined));
  }
});
