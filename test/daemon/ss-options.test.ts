import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSsOptions } from '../../src/daemon/ss-options.js';

describe('ss command line', () => {
  it('reads 1.0 flags and their long names', async () => {
    const { options } = await parseSsOptions(['-D', '-i', 'demo', '-I', '/etc/i.cf', '-m', '/m', '-p', '/p', '-t', '3', '-T', '2', '-S', '-L', 'none', '-d', '8']);
    assert.deepEqual(options, {
      foreground: true,
      instance: 'demo',
      instanceFile: '/etc/i.cf',
      moduleDir: '/m',
      pidfile: '/p',
      checkWorkers: 3,
      alertWorkers: 2,
      smart: false,
      keepalive: false,
      version: false,
      debug: 8,
      log: 'none',
    });
    const long = await parseSsOptions(['--foreground', '--instance', 'x', '--keepalive', '--no-smart']);
    assert.equal(long.options?.foreground, true);
    assert.equal(long.options?.keepalive, true);
    assert.equal(long.options?.smart, false);
  });

  const bad: [string[], RegExp][] = [
    [['-x'], /Unknown argument: x/],
    [['-t', '0'], /check-workers.*positive integer/],
    [['-t', 'many'], /check-workers/],
    [['-L', 'file'], /Invalid values/],
    [['stray'], /Unknown argument: stray/],
  ];
  for (const [argv, message] of bad) {
    it(`rejects ${argv.join(' ')} with a usage error`, async () => {
      const parsed = await parseSsOptions(argv);
      assert.equal(parsed.options, undefined);
      assert.equal(parsed.exitCode, 2);
      assert.match(parsed.output ?? '', message);
    });
  }

  it('prints help with exit 0', async () => {
    const parsed = await parseSsOptions(['--help']);
    assert.equal(parsed.exitCode, 0);
    assert.match(parsed.output ?? '', /--foreground/);
  });
});
