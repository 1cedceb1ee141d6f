import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runModule } from './module-process.js';

// A stand-in systemctl first in PATH: logs its arguments; FAIL_RESTART / INACTIVE choose failures.
const bin = await makeTempDir();
const calls = join(bin, 'calls');
await writeFile(
  join(bin, 'systemctl'),
  `#!/bin/sh
echo "$*" >> "${calls}"
case "$1" in
  restart) [ -z "$FAIL_RESTART" ] || { echo "Job for $3 failed because the control process exited with error code." >&2; exit 1; } ;;
  is-active) [ -z "$INACTIVE" ] || { echo failed; exit 3; }; echo active ;;
esac
exit 0
`,
);
await chmod(join(bin, 'systemctl'), 0o755);
const env = (extra: Record<string, string> = {}) => ({ PATH: `${bin}:/usr/bin:/bin`, ...extra });

async function fix(options: Record<string, unknown>, extra: Record<string, string> = {}, service = 'web') {
  await writeFile(calls, '');
  const run = await runModule('fix/service', { version: 1, service, host: 'web01', timeout: 20, options }, { env: env(extra) });
  return { code: run.code, result: run.lines[0] as unknown as { rc: number; comment: string }, calls: (await readFile(calls, 'utf8')).trim().split('\n').filter(Boolean) };
}

describe('fix/service', () => {
  it('restarts the unit with systemctl and checks that it is active', async () => {
    const { code, result, calls: made } = await fix({ unit: 'nginx', manager: 'systemctl' });
    assert.deepEqual(result, { rc: 0, comment: 'restarted nginx (systemctl)' });
    assert.equal(code, 0);
    assert.deepEqual(made, ['restart -- nginx', 'is-active -- nginx']);
  });

  it("restarts the check's service when no unit is given, and several units in order", async () => {
    assert.deepEqual((await fix({ manager: 'systemctl' }, {}, 'postfix')).calls, ['restart -- postfix', 'is-active -- postfix']);
    const { result, calls: made } = await fix({ unit: ['a', 'b'], manager: 'systemctl' });
    assert.equal(result.rc, 0);
    assert.deepEqual(made.filter((call) => call.startsWith('restart')), ['restart -- a', 'restart -- b']);
  });

  it('is a PROBLEM, with systemctl\'s reason and exit status 1, when the restart fails', async () => {
    const { code, result } = await fix({ unit: 'nginx', manager: 'systemctl' }, { FAIL_RESTART: '1' });
    assert.equal(code, 1);
    assert.equal(result.rc, 1);
    assert.match(result.comment, /^systemctl restart nginx failed: Job for nginx failed/);
  });

  it('is a PROBLEM when the service is not active after the restart', async () => {
    const { result } = await fix({ unit: 'nginx', manager: 'systemctl' }, { INACTIVE: '1' });
    assert.deepEqual(result, { rc: 1, comment: 'restarted nginx, but it is failed' });
  });

  it('answers MISCONFIG for a missing init.d script, a bad unit name or bad input', async () => {
    assert.deepEqual((await fix({ unit: 'no-such-service-here', manager: 'initd' })).result, { rc: 4, comment: 'no executable /etc/init.d/no-such-service-here' });
    for (const unit of ['../../bin/sh', '-x', 'a b']) {
      const { code, result, calls: made } = await fix({ unit, manager: 'systemctl' });
      assert.deepEqual([code, result.rc, made], [4, 4, []], unit);
    }
    assert.equal((await fix({ unit: 'x', manager: 'upstart' })).result.rc, 4);
    const garbage = await runModule('fix/service', 'not json', { env: env() });
    assert.deepEqual([garbage.code, (garbage.lines[0] as unknown as { rc: number }).rc], [4, 4]);
  });
});
