import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import type { CompositeCheck, SimpleCheck } from '../../src/config/config-model.js';
import { loadConfig } from '../../src/config/load-config.js';
import { STUB, writeConfig } from './config-fixture.js';

const SCHEDULE = `[schedule often]
rule = from monday 08:00 until friday 17:59 every 2 minutes
rule = from 22:00 until 06:59 never
rule = at 03:00 sunday 04:30
rule = cron */5 * * * *
rule = every 5 minutes

[schedule hourly]
rule = every 1 hour

[alertplan paging]
on = default
using = often
try
alert = admins

[alias dba]
alert plan = paging
adding = dbas
`;

const CALLLIST = `[alert mail]
format = full
transmit = mail

[person ann]
otherwise = ann@example.org

[calllist admins]
members = ann
via = mail

[alias dbas]
calllist = admins
via = mail
`;

const HOST = `[class web]
hosts = web1, web2
hosts = web3
check schedule = often
alert plan = paging

[class db]
hosts = db1
check schedule = hourly

[group http]
hosts = web2 web1

[group mysql]
hosts = db1

[alias https]
group = http

[alias tls]
group = https
`;

const CHECK = `[transport ssh]
module = ssh
option.command = ssh -l monitor

[fix restart]
module = restart
option.service = httpd

[check ping]
module = ping
all hosts = yes
option.count = 3
option.count = 4

[defaults]
timeout = 60 seconds
check via = ssh
fix via = ssh
expire fix lock after = 5 minutes

[check http]
module = disk
option.warn = 80
fix = restart
helpfile = http.txt
result text significant = yes

[fix restart-later]
module = restart
lock = service

[check mysql]
module = disk
via = scheduler
schedule = often
timeout = 0 seconds
option.label = x
alert plan = dba

[check https]
protocol = nagios
command = /bin/true -H $HOST -p $port -s \${SERVICE}
option.port = 443

[check tls]
required = http
optional = ping, mysql
schedule = hourly
`;

const DISK_MANIFEST = `description = disk
[option warn]
type = optional number between(0,100) default(90)
[option label]
type = optional string default(all)
`;

async function load(): Promise<Awaited<ReturnType<typeof loadConfig>>> {
  const prefix = await writeConfig({
    schedule: SCHEDULE,
    calllist: CALLLIST,
    host: HOST,
    check: CHECK,
    modules: { 'check/ping': STUB, 'check/disk': STUB, 'check/disk.ini': DISK_MANIFEST, 'fix/restart': STUB, 'transport/ssh': STUB },
    help: { 'http.txt': 'help\n' },
  });
  return loadConfig({ prefix });
}

describe('loadConfig', () => {
  it('reads classes, groups and alias chains', async () => {
    const config = await load();
    assert.deepEqual([...config.classes.keys()], ['web', 'db']);
    assert.deepEqual(config.classes.get('web'), {
      name: 'web',
      hosts: ['web1', 'web2', 'web3'],
      checkSchedule: 'often',
      alertPlan: 'paging',
      source: { file: config.classes.get('web')!.source.file, line: 1 },
    });
    assert.deepEqual([...config.hostClass], [['web1', 'web'], ['web2', 'web'], ['web3', 'web'], ['db1', 'db']]);
    assert.deepEqual(config.groups.get('https')!.hosts, ['web2', 'web1']);
    assert.equal(config.groups.get('https')!.aliasOf, 'http');
    assert.deepEqual(config.groups.get('tls')!.hosts, ['web2', 'web1']);
    assert.equal(config.groups.get('tls')!.aliasOf, 'https');
  });

  it('resolves aliases whatever their order in the file', async () => {
    const prefix = await writeConfig({
      host: '[alias c]\ngroup = b\n[alias b]\ngroup = ping\n[class web]\nhosts = web1\ncheck schedule = often\n[group ping]\nhosts = web1\n',
    });
    const config = await loadConfig({ prefix });
    assert.deepEqual(config.groups.get('c'), { name: 'c', hosts: ['web1'], aliasOf: 'b', source: { file: config.groups.get('c')!.source.file, line: 1 } });
    assert.deepEqual([...config.groups.keys()], ['ping', 'c', 'b']);
  });

  it('reads schedules with their rules in order', async () => {
    const config = await load();
    assert.deepEqual(config.schedules.get('often')!.rules.map((r) => r.kind), ['every', 'never', 'at', 'cron', 'every']);
    assert.deepEqual(config.schedules.get('often')!.rules.map((r) => r.source.line), [2, 3, 4, 5, 6]);
  });

  it('applies [defaults] only to the sections after them', async () => {
    const config = await load();
    const ping = config.checks.get('ping') as SimpleCheck;
    const http = config.checks.get('http') as SimpleCheck;
    const mysql = config.checks.get('mysql') as SimpleCheck;
    assert.equal(ping.timeoutMs, 45_000);
    assert.equal(ping.via, undefined);
    assert.equal(http.timeoutMs, 60_000);
    assert.equal(http.via, 'ssh');
    assert.equal(mysql.via, undefined);
    assert.equal(mysql.timeoutMs, 0);
    const restart = config.fixes.get('restart')!;
    const later = config.fixes.get('restart-later')!;
    assert.deepEqual([restart.timeoutMs, restart.lockExpiryMs, restart.via, restart.lockScope], [45_000, 120_000, undefined, 'pair']);
    assert.deepEqual([later.timeoutMs, later.lockExpiryMs, later.via, later.lockScope], [60_000, 300_000, 'ssh', 'service']);
  });

  it('types module options with the manifest and leaves them strings without one', async () => {
    const config = await load();
    assert.deepEqual((config.checks.get('ping') as SimpleCheck).options, { count: ['3', '4'] });
    assert.deepEqual((config.checks.get('http') as SimpleCheck).options, { warn: 80, label: 'all' });
    assert.deepEqual((config.checks.get('mysql') as SimpleCheck).options, { label: 'x', warn: 90 });
    assert.deepEqual(config.transports.get('ssh')!.options, { command: 'ssh -l monitor' });
    assert.deepEqual(config.fixes.get('restart')!.options, { service: 'httpd' });
  });

  it('reads simple check settings', async () => {
    const config = await load();
    const http = config.checks.get('http') as SimpleCheck;
    assert.equal(http.kind, 'simple');
    assert.equal(http.module, 'disk');
    assert.equal(http.protocol, 'batch');
    assert.equal(http.fix, 'restart');
    assert.equal(http.resultTextSignificant, true);
    assert.equal(http.helpfile, join(config.instance.helpDir, 'http.txt'));
    assert.equal(http.allHosts, false);
    assert.equal(config.checks.get('mysql')!.alertPlan, 'dba');
    assert.equal(config.checks.get('ping')!.allHosts, true);
  });

  it('splits a nagios command into an argv template', async () => {
    const https = (await load()).checks.get('https') as SimpleCheck;
    assert.equal(https.protocol, 'nagios');
    assert.equal(https.module, 'true');
    assert.deepEqual(https.command, ['/bin/true', '-H', '$HOST', '-p', '$port', '-s', '${SERVICE}']);
    assert.deepEqual(https.options, { port: '443' });
  });

  it('reads composite checks', async () => {
    const tls = (await load()).checks.get('tls') as CompositeCheck;
    assert.equal(tls.kind, 'composite');
    assert.deepEqual(tls.required, ['http']);
    assert.deepEqual(tls.optional, ['ping', 'mysql']);
  });

  it('lists pairs in check order, then group or class order, with effective schedules', async () => {
    const config = await load();
    assert.deepEqual(
      config.pairs.map((p) => `${p.service}@${p.host}:${p.schedule}:${p.hostClass}`),
      [
        'ping@web1:often:web',
        'ping@web2:often:web',
        'ping@web3:often:web',
        'ping@db1:hourly:db',
        'http@web2:often:web',
        'http@web1:often:web',
        'mysql@db1:often:db',
        'https@web2:often:web',
        'https@web1:often:web',
        'tls@web2:hourly:web',
        'tls@web1:hourly:web',
      ],
    );
  });

  it('returns a deeply frozen configuration', async () => {
    const config = await load();
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.pairs[0]));
    assert.ok(Object.isFrozen(config.instance.smtp));
    assert.ok(Object.isFrozen((config.checks.get('ping') as SimpleCheck).options));
    assert.throws(() => (config.checks as Map<string, unknown>).set('x', {}), TypeError);
    assert.throws(() => (config.hostClass as Map<string, string>).delete('web1'), TypeError);
    assert.throws(() => (config.pairs as unknown[]).push({}), TypeError);
    assert.equal(config.checks.size, 5);
  });

  it('lets a check without a group have no pairs', async () => {
    const prefix = await writeConfig({ check: '[check ping]\nmodule = ping\n[check disk]\nmodule = disk\n' });
    const config = await loadConfig({ prefix });
    assert.deepEqual(config.pairs.map((p) => p.service), ['ping', 'ping']);
  });
});
