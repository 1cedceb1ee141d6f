import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../helpers/project.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runModule } from './module-process.js';

// A stand-in for `ssh -o BatchMode=yes HOST COMMAND`: logs its arguments, runs the remote command locally; host "down" fails like ssh does.
const dir = await makeTempDir();
const log = join(dir, 'hosts');
const fakeSsh = join(dir, 'fake-ssh');
await writeFile(
  fakeSsh,
  `#!/bin/sh
echo "$*" >> "${log}"
shift 2 # -o BatchMode=yes
[ "$1" = down ] && { echo "ssh: connect to host down port 22: Connection refused" >&2; exit 255; }
shift
exec "$@"
`,
);
await chmod(fakeSsh, 0o755);

function transport(hosts: string[], remote: Record<string, unknown>, options: Record<string, unknown> = {}) {
  return runModule('transport/ssh', { version: 1, service: 'svc', hosts, timeout: 10, options: { command: `${fakeSsh} -o BatchMode=yes`, rinstdir: projectRoot, ...options }, remote });
}

describe('transport/ssh', () => {
  it('runs the check module on each host and reports its result under the host name', async () => {
    await writeFile(log, '');
    const run = await transport(['web01', 'web02'], { kind: 'check', module: 'test', options: { exitcode: 2, exittext: 'remote' } });
    assert.equal(run.code, 0);
    assert.deepEqual(run.lines.map((l) => [l.host, l.rc, l.scalar, l.comment]).sort(), [['web01', 2, 2, 'remote'], ['web02', 2, 2, 'remote']]);
    const invoked = (await readFile(log, 'utf8')).trim().split('\n').sort();
    assert.deepEqual(invoked, ['web01', 'web02'].map((host) => `-o BatchMode=yes ${host} ${projectRoot}/mod/check/test`));
  });

  it('runs fix modules and passes on their answer', async () => {
    const run = await transport(['web01'], { kind: 'fix', module: 'service', options: { unit: 'no-such-service-here', manager: 'initd' } });
    assert.deepEqual(run.lines.map((l) => [l.host, l.rc, l.comment]), [['web01', 4, 'no executable /etc/init.d/no-such-service-here']]);
  });

  it('is a PROBLEM when ssh fails', async () => {
    const run = await transport(['down'], { kind: 'check', module: 'test' });
    assert.deepEqual(run.lines.map((l) => [l.rc, l.comment]), [[1, 'ssh to down failed: ssh: connect to host down port 22: Connection refused']]);
  });

  it('answers MISCONFIG when the remote module gives no result or the request is malformed', async () => {
    const none = await transport(['web01'], { kind: 'check', module: 'no-such-module' });
    assert.equal(none.lines[0]!.rc, 4);
    assert.match(none.lines[0]!.comment, /no-such-module on web01 gave no result/);
    for (const remote of [{ kind: 'report', module: 'test' }, { kind: 'check', module: '../lib/survivor.sh' }, {}]) {
      const bad = await transport(['web01'], remote);
      assert.equal(bad.lines[0]!.rc, 4, JSON.stringify(remote));
    }
  });
});
