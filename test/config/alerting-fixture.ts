/**
 * The worked example of reference 2.4.6, 2.5 and 2.6 translated to INI
 * (docs/config.md shows the same files), for the alerting loader tests.
 */
import assert from 'node:assert/strict';
import type { Config } from '../../src/config/config-model.js';
import { isValidName } from '../../src/domain/names.js';
import { STUB } from './config-fixture.js';

export const EXAMPLE_SCHEDULE = `[alerting]
throttle = 20
alert shift = 2 minutes

[returngroup bad]
return values = 1 5

[schedule always]
rule = every 1 minute

[schedule fiveminutes]
rule = every 5 minutes

[schedule hourly]
rule = every 1 hour

[schedule business]
rule = from monday 08:00 until friday 17:59 every 15 minutes
rule = from 00:00 until 23:59 never

[schedule nightly]
rule = from 22:00 until 06:59 every 30 minutes

[schedule mondaynoon]
rule = at monday 12:00

[defaults]
after = 2 check failures
notify on clear = yes
clear state honors returngroups = bad

[alertplan paging]
on = returngroup bad
using = always
try = 1 time
attempt fix = if defined
tell = sysadmins-mail
try = 2 times
alert = oncall-pager
try
alert = oncall-pager
alert = managers
flag escalated = yes
on = default
using = business
try
alert = sysadmins-mail

[alertplan mailonly]
on = default
using = hourly
try
alert = sysadmins-mail
notify on clear = no

[alias netpaging]
alert plan = paging
replacing = oncall-pager with managers
`;

export const EXAMPLE_CALLLIST = `[alert mail]
format = full
transmit = mail

[alert page]
format = compact
transmit = mail

[alert sms]
format = sms
transmit = mail

[person alice]
notify = alice@example.org via mail
notify = 2125550101@sms.example.net via sms
otherwise = alice@example.org

[person bob]
otherwise = bob@example.org

[calllist sysadmins-mail]
members = alice bob
via = mail
broadcasts to all = yes

[calllist oncall-pager]
members = alice bob
via = sms
rotates using = mondaynoon

[calllist managers]
members = bob
via = mail

[alias oncall-mail]
calllist = oncall-pager
via = mail
`;

export const EXAMPLE_DEPENDENCY = `[dependencies]
maximum = 5

[depend ping-first]
checks = all
hosts = all
on = ping status

[depend http-needs-mysql]
checks = http
groups = http
on = mysql@db01
`;

export const EXAMPLE_HOST = `[class web]
hosts = web1 web2
check schedule = fiveminutes
alert plan = paging

[class db]
hosts = db01
check schedule = fiveminutes
alert plan = mailonly

[group ping]
hosts = web1 web2 db01

[group http]
hosts = web1 web2

[group mysql]
hosts = db01
`;

export const EXAMPLE_CHECK = `[fix restart-httpd]
module = restart

[check ping]
module = ping

[check http]
module = ping
fix = restart-httpd
alert plan = netpaging

[check mysql]
module = ping
`;

export const EXAMPLE_MODULES: Readonly<Record<string, string>> = { 'check/ping': STUB, 'fix/restart': STUB };

export const EXAMPLE = {
  schedule: EXAMPLE_SCHEDULE,
  calllist: EXAMPLE_CALLLIST,
  dependency: EXAMPLE_DEPENDENCY,
  host: EXAMPLE_HOST,
  check: EXAMPLE_CHECK,
  modules: EXAMPLE_MODULES,
};

/** What every loaded alerting configuration guarantees, whatever its text was. */
export function assertAlertingInvariants(config: Config): void {
  const { alerting } = config;
  for (const name of [...alerting.alertPlans.keys(), ...alerting.callLists.keys(), ...alerting.persons.keys(), ...alerting.alertMethods.keys()]) {
    assert.ok(isValidName(name), name);
  }
  for (const list of alerting.callLists.values()) {
    assert.ok(alerting.alertMethods.has(list.via), list.via);
    assert.ok(list.members.length > 0 && new Set(list.members).size === list.members.length, list.name);
    for (const m of list.members) {
      const person = alerting.persons.get(m);
      assert.ok(person !== undefined && (person.addresses.has(list.via) || person.otherwise !== undefined), `${list.name}: ${m}`);
    }
    if (list.mode === 'rotating') assert.ok(config.schedules.get(list.rotation ?? '')?.rules.some((r) => r.kind === 'at' || r.kind === 'cron'));
    if (list.aliasOf !== undefined) assert.equal(alerting.callLists.get(list.aliasOf)?.aliasOf, undefined);
  }
  for (const plan of alerting.alertPlans.values()) {
    assert.ok(plan.stanzas.length > 0, plan.name);
    for (const stanza of plan.stanzas) {
      assert.ok(stanza.after >= 1 && stanza.schedules.length > 0);
      for (const sch of stanza.schedules) {
        assert.ok(config.schedules.has(sch.schedule) && sch.tries.length > 0);
        sch.tries.forEach((t, i) => {
          assert.ok(t.alert.length > 0 !== t.attemptFix, 'a try alerts or fixes');
          assert.ok(t.tell.length === 0 || t.attemptFix, 'tell only with a fix');
          assert.ok(t.count !== undefined || i === sch.tries.length - 1, 'a bare try comes last');
          for (const l of [...t.alert, ...t.tell]) assert.ok(alerting.callLists.has(l), l);
        });
      }
    }
  }
  for (const c of [...config.classes.values(), ...config.checks.values()]) {
    if (c.alertPlan !== undefined) assert.ok(alerting.alertPlans.has(c.alertPlan), c.alertPlan);
  }
  for (const d of alerting.dependencies) {
    assert.ok(config.checks.has(d.on.check));
    assert.ok(d.type === 'live' ? d.on.host !== undefined : d.fixes === undefined);
  }
}
