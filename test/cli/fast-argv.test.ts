import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFastArgv } from '../../src/cli/fast-argv.js';
import { parseScOptions } from '../../src/cli/sc-options.js';

describe('sc argv without yargs', () => {
  const same: string[][] = [
    ['-i', 'demo', 'checkh', '-f', '01012007', '-o', 'reverse', '-o', 'limit=5', 'ping', 'web@h1'],
    ['--json', 'status'],
    ['-c', 'disk replaced', 'acknowledge', 'raid@fs01'],
    ['--comment=x', '--until', '2h', 'pa', 'h1', 'h2'],
    ['-I', '/etc/i.cf', '-m', '/mod', '-o', 'stale,directory=/a', 'archivehistory'],
    ['-s', '-d', 'DEBUG_CONFIG', 'checkcf'],
    ['status', '-o', 'match=error', '--json'],
  ];
  for (const argv of same) {
    it(`reads ${argv.join(' ')} exactly as yargs does`, async () => {
      const fast = await parseScOptions(argv);
      assert.ok(parseFastArgv(argv) !== undefined, 'takes the fast path');
      // Forcing the yargs path: an extra `--help`-free spelling yargs accepts and parseArgs refuses.
      const slow = await parseScOptions([...argv, '--no-json']);
      assert.equal(fast.exitCode, 0);
      assert.deepEqual({ ...fast.options, json: undefined }, { ...slow.options, json: undefined });
    });
  }

  const refused: string[][] = [['--help'], ['-h', 'status'], [], ['--bogus', 'status'], ['-c', 'a', '-c', 'b', 'inhibit', 'x'], ['-c'], ['--json=yes', 'status'], ['--instanceFile', 'x', 'status']];
  for (const argv of refused) {
    it(`leaves ${JSON.stringify(argv)} to yargs`, () => assert.equal(parseFastArgv(argv), undefined));
  }

  it('leaves an unknown command word to yargs, which exits 2', async () => {
    assert.ok(parseFastArgv(['frobnicate']) !== undefined);
    assert.equal((await parseScOptions(['frobnicate'])).exitCode, 2);
  });
});
