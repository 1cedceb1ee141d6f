import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error.js';
import { listInstances, loadConfig } from '../../src/config/load-config.js';
import { BASE_INSTANCE, writeConfig } from './config-fixture.js';

describe('instance.cf', () => {
  it('resolves instance paths against the prefix and fills in defaults', async () => {
    const prefix = await writeConfig();
    const config = await loadConfig({ prefix });
    const i = config.instance;
    assert.equal(i.name, 't');
    assert.equal(i.configDir, join(prefix, 'etc/t'));
    assert.equal(i.stateDir, join(prefix, 'var/t/state'));
    assert.equal(i.historyDir, join(prefix, 'var/t/history'));
    assert.equal(i.tmpDir, join(prefix, 'var/t/tmp'));
    assert.equal(i.helpDir, join(prefix, 'etc/t/help'));
    assert.equal(i.pidFile, join(prefix, 'var/t/ss.pid'));
    assert.equal(i.checkWorkers, 15);
    assert.equal(i.alertWorkers, 5);
    assert.equal(i.pollIntervalMs, 60_000);
    assert.equal(i.smartScheduling, true);
    assert.equal(i.allowRoot, false);
    assert.equal(i.logLevel, 'info');
    assert.equal(i.smtp.port, 25);
    assert.equal(i.web.listen, undefined);
    assert.equal(i.web.usersFile, join(prefix, 'etc/users.cf'));
    assert.equal(config.moduleDir, join(prefix, 'mod'));
  });

  it('reads every instance setting', async () => {
    const prefix = await writeConfig({
      instance: `[instance t]
configdir = etc/t
statedir = /srv/state
historydir = var/h
tmpdir = /tmp/x
helpdir = help
allow archive = yes
allow root
require comment = true
check workers = 3
alert workers = 2
poll interval = 1 second
smart scheduling = no
pidfile = run/ss.pid
log level = debug
executors = 4
state fsync = off
smtp host = mail.example.org
smtp port = 587
smtp tls = tls
smtp user = me
smtp password = "p;a#ss"
smtp from = ops@example.org
web listen = [::1]:8443
web certificate = etc/cert.pem
web key = etc/key.pem
web users file = /etc/survivor/users.cf
web token lifetime = 2 hours
`,
    });
    const i = (await loadConfig({ prefix })).instance;
    assert.equal(i.stateDir, '/srv/state');
    assert.equal(i.historyDir, join(prefix, 'var/h'));
    assert.equal(i.helpDir, join(prefix, 'help'));
    assert.deepEqual([i.allowArchive, i.allowRoot, i.requireComment, i.smartScheduling, i.stateFsync], [true, true, true, false, false]);
    assert.deepEqual([i.checkWorkers, i.alertWorkers, i.pollIntervalMs, i.executors, i.logLevel], [3, 2, 1000, 4, 'debug']);
    assert.equal(i.pidFile, join(prefix, 'run/ss.pid'));
    assert.deepEqual(i.smtp, { host: 'mail.example.org', port: 587, tls: 'tls', user: 'me', password: 'p;a#ss', from: 'ops@example.org' });
    assert.deepEqual(i.web, {
      listen: '[::1]:8443',
      certificate: join(prefix, 'etc/cert.pem'),
      key: join(prefix, 'etc/key.pem'),
      usersFile: '/etc/survivor/users.cf',
      tokenLifetimeMs: 7_200_000,
    });
  });

  it('chooses the named instance among several', async () => {
    const prefix = await writeConfig({ instance: `${BASE_INSTANCE}\n[instance other]\nconfigdir = etc/none\nstatedir = s\nhistorydir = h\n` });
    assert.equal((await loadConfig({ prefix, instanceName: 't' })).instance.name, 't');
    await assert.rejects(loadConfig({ prefix }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.problems[0]!.message, /several instances/);
      assert.match(err.problems[0]!.expected ?? '', /t, other/);
      return true;
    });
    await assert.rejects(loadConfig({ prefix, instanceName: 'nope' }), /no instance nope.*one of: t, other/);
  });

  it('takes instanceFile and moduleDir relative to the prefix', async () => {
    const prefix = await writeConfig();
    const config = await loadConfig({ prefix, instanceFile: 'etc/instance.cf', moduleDir: 'mod' });
    assert.equal(config.moduleDir, join(prefix, 'mod'));
  });

  it('lists the instances of an instance file', async () => {
    const prefix = await writeConfig({ instance: `${BASE_INSTANCE}\n[instance b]\n[instance c]\n` });
    assert.deepEqual(await listInstances(join(prefix, 'etc/instance.cf')), ['t', 'b', 'c']);
    await assert.rejects(listInstances(join(prefix, 'etc/missing.cf')), ConfigError);
  });

});
