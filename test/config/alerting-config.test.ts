import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AlertPlan, TryStanza } from '../../src/config/alert-model.js';
import type { Config } from '../../src/config/config-model.js';
import { ConfigError } from '../../src/config/config-error.js';
import { emptyAlerting } from '../../src/config/empty-alerting.js';
import { loadConfig } from '../../src/config/load-config.js';
import { EXAMPLE, EXAMPLE_CALLLIST } from './alerting-fixture.js';
import { STUB, writeConfig } from './config-fixture.js';

/** 1-based number of the first line of `text` containing `marker`. */
function lineOf(text: string, marker: string): number {
  return text.split('\n').findIndex((l) => l.includes(marker)) + 1;
}

async function loadExample(changes: Partial<typeof EXAMPLE> = {}): Promise<Config> {
  return loadConfig({ prefix: await writeConfig({ ...EXAMPLE, ...changes }) });
}

/** A plan's tries as `schedule:count:alert|tell` strings, for compact comparisons. */
function triesOf(plan: AlertPlan | undefined): string[] {
  assert.ok(plan);
  const show = (t: TryStanza): string =>
    `${t.count ?? 'rest'}:${t.attemptFix ? `fix${t.fixIfDefined ? '?' : ''}>${t.tell.join('+')}` : t.alert.join('+')}${t.flagEscalated ? '!' : ''}`;
  return plan.stanzas.flatMap((s) => s.schedules.map((sch) => `${sch.schedule} ${sch.tries.map(show).join(' ')}`));
}

/** One list, `managers`, for tests that bring their own schedule.cf. */
const SMALL_CALLLIST = '[alert mail]\nformat = full\ntransmit = mail\n[person bob]\notherwise = bob@example.org\n[calllist managers]\nmembers = bob\nvia = mail\n';

const PLAN_TAIL = `
[alertplan plain]
on = default
using = always
try
alert = managers
`;

describe('the alerting configuration', () => {
  it('reads the worked example: settings, return groups and the paging plan', async () => {
    const { alerting } = await loadExample();
    assert.equal(alerting.throttle, 20);
    assert.equal(alerting.alertShiftMs, 120_000);
    assert.deepEqual(alerting.returnGroups.get('bad')?.codes, [1, 5]);
    const paging = alerting.alertPlans.get('paging');
    assert.ok(paging);
    assert.deepEqual(paging.stanzas.map((s) => [s.match, s.after, s.source.line]), [
      [{ kind: 'group', group: 'bad' }, 2, 33],
      [{ kind: 'default' }, 2, 44],
    ]);
    assert.deepEqual(triesOf(paging), ['always 1:fix?>sysadmins-mail 2:oncall-pager rest:oncall-pager+managers!', 'business rest:sysadmins-mail']);
    const [fixTry] = paging.stanzas[0]?.schedules[0]?.tries ?? [];
    assert.deepEqual(fixTry, {
      count: 1, alert: [], attemptFix: true, fixIfDefined: true, tell: ['sysadmins-mail'], allowFailedHosts: 0, flagEscalated: false,
      source: { file: paging.source.file, line: 35 },
    });
    assert.deepEqual(paging.notifyOnClear, { enabled: true });
    assert.deepEqual(paging.keepStateOn, []);
    assert.deepEqual(paging.clearHonorsGroups, ['bad']);
    assert.equal(paging.aliasOf, undefined);
  });

  it('lets a plan override the positional defaults', async () => {
    const mailonly = (await loadExample()).alerting.alertPlans.get('mailonly');
    assert.deepEqual(mailonly?.notifyOnClear, { enabled: false });
    assert.deepEqual(mailonly?.clearHonorsGroups, ['bad']);
    assert.equal(mailonly?.stanzas[0]?.after, 2);
  });

  it('reads call lists of every mode, persons, alert methods and list aliases', async () => {
    const { alerting } = await loadExample();
    assert.deepEqual([...alerting.alertMethods.values()].map((m) => `${m.name}=${m.format}/${m.transmit}`), ['mail=full/mail', 'page=compact/mail', 'sms=sms/mail']);
    const alice = alerting.persons.get('alice');
    assert.deepEqual([...(alice?.addresses ?? [])], [['mail', 'alice@example.org'], ['sms', '2125550101@sms.example.net']]);
    assert.equal(alice?.otherwise, 'alice@example.org');
    assert.deepEqual(alerting.persons.get('bob')?.addresses, new Map());
    const lists = [...alerting.callLists.values()].map((l) => [l.name, l.members.join(' '), l.via, l.mode, l.rotation, l.aliasOf]);
    assert.deepEqual(lists, [
      ['sysadmins-mail', 'alice bob', 'mail', 'broadcast', undefined, undefined],
      ['oncall-pager', 'alice bob', 'sms', 'rotating', 'mondaynoon', undefined],
      ['managers', 'bob', 'mail', 'simple', undefined, undefined],
      ['oncall-mail', 'alice bob', 'mail', 'rotating', 'mondaynoon', 'oncall-pager'],
    ]);
  });

  it('reads dependencies of both types and the maximum', async () => {
    const { alerting } = await loadExample();
    assert.equal(alerting.maxDependencies, 5);
    assert.deepEqual(alerting.dependencies.map(({ source: _source, ...d }) => d), [
      { name: 'ping-first', type: 'status', checks: { kind: 'all', except: ['ping'] }, hosts: { kind: 'all' }, on: { check: 'ping' } },
      { name: 'http-needs-mysql', type: 'live', checks: { kind: 'list', names: ['http'] }, hosts: { kind: 'groups', groups: ['http'] }, on: { check: 'mysql', host: 'db01' } },
    ]);
  });

  it('lets classes and checks name plans and plan aliases', async () => {
    const config = await loadExample();
    assert.equal(config.classes.get('web')?.alertPlan, 'paging');
    assert.equal(config.checks.get('http')?.alertPlan, 'netpaging');
  });

  it('has 1.0 defaults and nothing defined without calllist.cf, dependency.cf and alerting sections', async () => {
    const config = await loadConfig({ prefix: await writeConfig() });
    assert.deepEqual(config.alerting, emptyAlerting());
    assert.deepEqual([config.alerting.throttle, config.alerting.alertShiftMs, config.alerting.maxDependencies], [10, 0, 10]);
  });

  it('freezes the alerting configuration with the rest', async () => {
    const { alerting } = await loadExample();
    assert.ok(Object.isFrozen(alerting.alertPlans.get('paging')?.stanzas[0]?.schedules[0]?.tries[0]?.tell));
    assert.throws(() => (alerting.callLists as Map<string, unknown>).set('x', {}), TypeError);
  });
});

describe('plan aliases', () => {
  it('replace one call list with another everywhere, once per try', async () => {
    const netpaging = (await loadExample()).alerting.alertPlans.get('netpaging');
    assert.deepEqual(triesOf(netpaging), ['always 1:fix?>sysadmins-mail 2:managers rest:managers!', 'business rest:sysadmins-mail']);
    assert.equal(netpaging?.aliasOf, 'paging');
    assert.equal(netpaging?.name, 'netpaging');
    assert.deepEqual(netpaging?.clearHonorsGroups, ['bad']);
  });

  it('add a call list to every alert and to every fix notification, not to silent fixes', async () => {
    const schedule = `${EXAMPLE.schedule}
[alertplan quietfix]
on = default
using = always
try = 1 time
attempt fix = yes
try
alert = managers

[alias loud]
alert plan = paging
adding = oncall-mail

[alias quietfix-plus]
alert plan = quietfix
adding = oncall-mail
`;
    const { alertPlans } = (await loadExample({ schedule })).alerting;
    assert.deepEqual(triesOf(alertPlans.get('loud')), [
      'always 1:fix?>sysadmins-mail+oncall-mail 2:oncall-pager+oncall-mail rest:oncall-pager+managers+oncall-mail!',
      'business rest:sysadmins-mail+oncall-mail',
    ]);
    assert.deepEqual(triesOf(alertPlans.get('quietfix-plus')), ['always 1:fix> rest:managers+oncall-mail']);
  });

  it('chain, in any order in the file, each step applied to the one before', async () => {
    const schedule = `${EXAMPLE.schedule}
[alias step2]
alert plan = step1
replacing = managers with oncall-mail

[alias step1]
alert plan = netpaging
adding = managers
`;
    const { alertPlans } = (await loadExample({ schedule })).alerting;
    // netpaging: oncall-pager → managers; step1 adds managers (already there in the alerts, added to the tell);
    // step2 turns every managers into oncall-mail.
    assert.deepEqual(triesOf(alertPlans.get('step1')), ['always 1:fix?>sysadmins-mail+managers 2:managers rest:managers!', 'business rest:sysadmins-mail+managers']);
    assert.deepEqual(triesOf(alertPlans.get('step2')), ['always 1:fix?>sysadmins-mail+oncall-mail 2:oncall-mail rest:oncall-mail!', 'business rest:sysadmins-mail+oncall-mail']);
    assert.equal(alertPlans.get('step2')?.aliasOf, 'step1');
    assert.deepEqual([...alertPlans.keys()], ['paging', 'mailonly', 'netpaging', 'step2', 'step1']);
  });
});

describe('schedule.cf [defaults]', () => {
  it('apply to the plans after them only, each key keeping its earlier value when not given', async () => {
    const schedule = `[returngroup bad]
return values = 1 5
[returngroup soft]
return values = 2 3
[schedule often]
rule = every 5 minutes
[schedule always]
rule = every 1 minute
${PLAN_TAIL.replace('plain', 'first')}
[defaults]
after = 3
notify on clear = using always
clear state = not on return values 2 3
${PLAN_TAIL.replace('plain', 'second')}
[defaults]
clear state honors returngroups = all
${PLAN_TAIL.replace('plain', 'third')}
on = returngroup bad
after = 1 check failure
using = always
try
alert = managers
[defaults]
notify on clear = no
clear state = always
clear state honors returngroups = none
${PLAN_TAIL.replace('plain', 'fourth')}
clear state = not on return value 20
`;
    const { alertPlans } = (await loadConfig({ prefix: await writeConfig({ schedule, calllist: SMALL_CALLLIST }) })).alerting;
    const summary = [...alertPlans.values()].map((p) => [p.name, p.stanzas.map((s) => s.after), p.notifyOnClear, p.keepStateOn, p.clearHonorsGroups]);
    assert.deepEqual(summary, [
      ['first', [1], { enabled: false }, [], []],
      ['second', [3], { enabled: true, schedule: 'always' }, [2, 3], []],
      ['third', [3, 1], { enabled: true, schedule: 'always' }, [2, 3], ['bad', 'soft']],
      ['fourth', [3], { enabled: false }, [20], []],
    ]);
  });
});

describe('the optional alerting files', () => {
  it('may be absent: no call lists, so plans cannot alert anybody', async () => {
    const { calllist: _absent, ...withoutCallLists } = EXAMPLE;
    await assert.rejects(loadConfig({ prefix: await writeConfig(withoutCallLists) }), /schedule\.cf:\d+: \[alertplan paging\] tell: call list sysadmins-mail is not defined in calllist\.cf/);
  });

  it('load an empty calllist.cf and dependency.cf as nothing defined', async () => {
    const config = await loadConfig({ prefix: await writeConfig({ calllist: '; nobody yet\n', dependency: '' }) });
    assert.equal(config.alerting.callLists.size, 0);
    assert.deepEqual(config.alerting.dependencies, []);
  });

  it('report an unreadable calllist.cf once, without a problem for every list a plan names', async () => {
    const prefix = await writeConfig(EXAMPLE);
    await rm(join(prefix, 'etc/t/calllist.cf'));
    await mkdir(join(prefix, 'etc/t/calllist.cf'));
    await assert.rejects(loadConfig({ prefix }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(err.problems.map((p) => [p.file.split('/').pop(), p.line, p.message.split(':')[0]]), [['calllist.cf', 0, 'cannot read the file']]);
      return true;
    });
  });

  it('find format and transmit modules in the module directory', async () => {
    const calllist = `${EXAMPLE_CALLLIST}\n[alert out]\nformat = pretty\ntransmit = file\n[person log]\nnotify = var/log.jsonl via out\n`;
    const config = await loadExample({ calllist, modules: { ...EXAMPLE.modules, 'format/pretty': STUB, 'transmit/file': STUB } });
    assert.deepEqual(config.alerting.alertMethods.get('out'), { name: 'out', format: 'pretty', transmit: 'file', source: { file: config.alerting.alertMethods.get('mail')?.source.file, line: lineOf(calllist, '[alert out]') } });
    assert.deepEqual([...(config.alerting.persons.get('log')?.addresses ?? [])], [['out', 'var/log.jsonl']]);
  });

  it('keep the list order of the file for aliases defined before their list', async () => {
    const calllist = EXAMPLE_CALLLIST.replace('[alias oncall-mail]\ncalllist = oncall-pager\nvia = mail\n', '') + '\n[alias a2]\ncalllist = a1\nvia = sms\n[alias a1]\ncalllist = managers\nvia = sms\n';
    const lists = (await loadExample({ calllist })).alerting.callLists;
    assert.deepEqual([...lists.keys()], ['sysadmins-mail', 'oncall-pager', 'managers', 'a2', 'a1']);
    assert.deepEqual([lists.get('a2')?.aliasOf, lists.get('a2')?.via, lists.get('a2')?.members], ['managers', 'sms', ['bob']]);
  });
});
