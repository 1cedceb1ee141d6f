import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALERTING_KEYS } from '../../src/config/alert-plan-file.js';
import { ALERT_PLAN_KEYS } from '../../src/config/alert-plan-section.js';
import { CALLLIST_ALIAS_KEYS } from '../../src/config/calllist-alias.js';
import { ALERT_METHOD_KEYS } from '../../src/config/calllist-file.js';
import { CALLLIST_KEYS } from '../../src/config/calllist-section.js';
import { CHECK_KEYS } from '../../src/config/check-section.js';
import { DEFAULTS_KEYS, FIX_KEYS, TRANSPORT_KEYS } from '../../src/config/check-file.js';
import { ConfigError } from '../../src/config/config-error.js';
import { ALIAS_KEYS, CLASS_KEYS, GROUP_KEYS } from '../../src/config/host-file.js';
import { readIni } from '../../src/config/ini-reader.js';
import { DEPENDENCIES_KEYS } from '../../src/config/dependency-file.js';
import { DEPEND_KEYS } from '../../src/config/dependency-section.js';
import { INSTANCE_KEYS } from '../../src/config/instance-file.js';
import { loadConfig } from '../../src/config/load-config.js';
import { PERSON_KEYS } from '../../src/config/person-section.js';
import { PLAN_ALIAS_KEYS } from '../../src/config/plan-alias.js';
import { PLAN_DEFAULTS_KEYS } from '../../src/config/plan-defaults.js';
import { RETURN_GROUP_KEYS } from '../../src/config/return-groups.js';
import { projectRoot, shippedModulesDir } from '../helpers/project.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { assertAlertingInvariants } from './alerting-fixture.js';
import { STUB } from './config-fixture.js';

const DEMO_MODULES = {
  check: ['test', 'sleep', 'ping', 'tcp', 'http', 'dns', 'disk', 'load', 'memory', 'process', 'filetest', 'certificate'],
  fix: ['service'],
  transport: ['ssh'],
  // Written by the transmit helper (appends JSON lines to the address); stubbed until it ships.
  transmit: ['file'],
};

async function stubModules(): Promise<string> {
  const dir = await makeTempDir('survivor-demo-mod-');
  for (const [kind, names] of Object.entries(DEMO_MODULES)) {
    await mkdir(join(dir, kind));
    for (const name of names) {
      await writeFile(join(dir, kind, name), STUB);
      await chmod(join(dir, kind, name), 0o755);
    }
  }
  return dir;
}

function demoFile(name: string): string {
  return readFileSync(join(projectRoot, 'etc', name), 'utf8');
}

/** Keys used in a file, per section type. */
function keysOf(name: string): Map<string, Set<string>> {
  const doc = readIni(demoFile(name), name, []);
  const out = new Map<string, Set<string>>();
  for (const s of doc.sections) {
    const keys = out.get(s.type) ?? new Set<string>();
    for (const e of s.entries) keys.add(e.key.startsWith('option.') ? 'option.' : e.key);
    out.set(s.type, keys);
  }
  return out;
}

function assertUses(file: string, type: string, keys: readonly string[]): void {
  const used = keysOf(file).get(type) ?? new Set();
  const missing = keys.filter((k) => !used.has(k));
  assert.deepEqual(missing, [], `${file} [${type}] does not use ${missing.join(', ')}`);
}

describe('the shipped demo configuration', () => {
  it('loads with stub modules of the names it uses', async () => {
    const config = await loadConfig({ prefix: projectRoot, moduleDir: await stubModules() });
    assert.equal(config.instance.name, 'demo');
    assert.equal(config.instance.web.listen, '127.0.0.1:8080');
    assert.ok(config.pairs.length > 5 && config.pairs.length < 30, `${config.pairs.length} pairs`);
    assert.deepEqual([...new Set(config.pairs.map((p) => p.host))].sort(), ['127.0.0.1', 'localhost']);
    for (const p of config.pairs) assert.ok(config.schedules.has(p.schedule));
    const schedules = [...config.schedules.values()];
    const kinds = new Set(schedules.flatMap((s) => s.rules.map((r) => (r.kind === 'every' || r.kind === 'never') && r.window ? `${r.kind} window` : r.kind)));
    assert.deepEqual([...kinds].sort(), ['at', 'cron', 'every', 'every window', 'never', 'never window']);
    const protocols = new Set([...config.checks.values()].flatMap((c) => (c.kind === 'simple' ? [c.protocol] : [])));
    assert.deepEqual([...protocols].sort(), ['batch', 'nagios', 'single']);
    assert.ok([...config.checks.values()].some((c) => c.kind === 'composite' && c.required.length > 0 && c.optional.length > 0));
    assert.ok([...config.groups.values()].some((g) => g.aliasOf !== undefined));
    // Light: every interval of the demo is between one and five minutes.
    const used = new Set(config.pairs.map((p) => p.schedule));
    for (const rule of schedules.filter((s) => used.has(s.name)).flatMap((s) => s.rules)) {
      if (rule.kind === 'every') assert.ok(rule.intervalMs >= 60_000 && rule.intervalMs <= 300_000, `${rule.source.line}`);
    }
  });

  it('demonstrates alerting: a check that fails on purpose, paged into var/demo/outbox and escalated', async () => {
    const config = await loadConfig({ prefix: projectRoot, moduleDir: await stubModules() });
    assertAlertingInvariants(config);
    const { alerting } = config;
    const failure = config.checks.get('demo-failure');
    assert.ok(failure?.kind === 'simple');
    // Options are strings with the stub modules (no manifest), numbers with the shipped one.
    assert.deepEqual([failure.module, String(failure.options.exitcode), failure.schedule, failure.alertPlan], ['test', '1', 'every-minute', 'demo-paging']);
    assert.deepEqual(config.schedules.get('every-minute')?.rules.map((r) => (r.kind === 'every' ? r.intervalMs : r.kind)), [60_000]);
    assert.ok(config.pairs.some((p) => p.service === 'demo-failure' && p.host === 'localhost'));
    const plan = alerting.alertPlans.get('demo-paging');
    const bad = plan?.stanzas[0];
    assert.deepEqual([bad?.match, bad?.after], [{ kind: 'group', group: 'bad' }, 2]);
    assert.deepEqual(alerting.returnGroups.get('bad')?.codes.includes(1), true);
    assert.deepEqual(bad?.schedules[0]?.tries.map((t) => [t.count, t.alert]), [[1, ['demo-oncall']], [undefined, ['demo-oncall', 'demo-managers']]]);
    assert.equal(plan?.notifyOnClear.enabled, true);
    // Both lists deliver through the file transmitter into var/demo/outbox/.
    for (const name of ['demo-oncall', 'demo-managers']) {
      const list = alerting.callLists.get(name);
      assert.equal(alerting.alertMethods.get(list?.via ?? '')?.transmit, 'file', name);
      for (const member of list?.members ?? []) {
        const person = alerting.persons.get(member);
        const address = person?.addresses.get(list?.via ?? '') ?? person?.otherwise ?? '';
        assert.match(address, /^var\/demo\/outbox\/[a-z-]+\.jsonl$/, `${name}: ${member}`);
      }
    }
    assert.ok([...alerting.alertMethods.values()].some((m) => m.transmit === 'mail'));
    // Dependencies never hold the failing check back.
    const blocking = alerting.dependencies.filter((d) => d.type === 'status' && d.checks?.kind === 'all' && !d.checks.except.includes('demo-failure'));
    assert.deepEqual(blocking, []);
  });

  it('uses every alerting form: call list modes, plan and list aliases, both dependency types, every host form', async () => {
    const { alerting } = await loadConfig({ prefix: projectRoot, moduleDir: await stubModules() });
    const lists = [...alerting.callLists.values()];
    assert.deepEqual(new Set(lists.map((l) => l.mode)), new Set(['simple', 'broadcast', 'rotating']));
    assert.ok(lists.some((l) => l.aliasOf !== undefined));
    const plans = [...alerting.alertPlans.values()];
    assert.ok(plans.some((p) => p.aliasOf !== undefined && alerting.alertPlans.get(p.aliasOf)?.aliasOf !== undefined), 'an alias of an alias');
    assert.deepEqual(new Set(plans.flatMap((p) => p.stanzas.map((s) => s.match.kind))), new Set(['values', 'group', 'default']));
    const tries = plans.flatMap((p) => p.stanzas.flatMap((s) => s.schedules.flatMap((sch) => sch.tries)));
    assert.ok(tries.some((t) => t.fixIfDefined) && tries.some((t) => t.attemptFix && !t.fixIfDefined));
    assert.ok(tries.some((t) => t.allowDuring !== undefined) && tries.some((t) => t.flagEscalated));
    assert.ok(plans.some((p) => p.notifyOnClear.schedule !== undefined) && plans.some((p) => p.keepStateOn.length > 0));
    assert.deepEqual(new Set(alerting.dependencies.map((d) => d.type)), new Set(['status', 'live']));
    assert.deepEqual(new Set(alerting.dependencies.map((d) => d.hosts.kind)), new Set(['all-except-hosts', 'all-except-groups', 'groups', 'hosts']));
    assert.ok(alerting.dependencies.some((d) => d.fixes?.kind === 'all' && d.fixes.except.length > 0));
    assert.deepEqual([alerting.throttle, alerting.alertShiftMs, alerting.maxDependencies], [20, 10_000, 5]);
  });

  it('uses every keyword of every file', () => {
    const instanceText = demoFile('instance.cf');
    for (const key of INSTANCE_KEYS) assert.match(instanceText, new RegExp(`^;? ?${key} =`, 'm'), `instance.cf lacks ${key}`);
    assertUses('demo/host.cf', 'class', CLASS_KEYS);
    assertUses('demo/host.cf', 'group', GROUP_KEYS);
    assertUses('demo/host.cf', 'alias', ALIAS_KEYS);
    assertUses('demo/check.cf', 'defaults', DEFAULTS_KEYS);
    assertUses('demo/check.cf', 'check', [...CHECK_KEYS, 'option.']);
    assertUses('demo/check.cf', 'fix', [...FIX_KEYS, 'option.']);
    assertUses('demo/check.cf', 'transport', [...TRANSPORT_KEYS, 'option.']);
    assertUses('demo/schedule.cf', 'schedule', ['rule']);
    assertUses('demo/schedule.cf', 'alerting', ALERTING_KEYS);
    assertUses('demo/schedule.cf', 'returngroup', RETURN_GROUP_KEYS);
    assertUses('demo/schedule.cf', 'defaults', PLAN_DEFAULTS_KEYS);
    assertUses('demo/schedule.cf', 'alertplan', ALERT_PLAN_KEYS);
    assertUses('demo/schedule.cf', 'alias', PLAN_ALIAS_KEYS);
    assertUses('demo/calllist.cf', 'alert', ALERT_METHOD_KEYS);
    assertUses('demo/calllist.cf', 'person', PERSON_KEYS);
    assertUses('demo/calllist.cf', 'calllist', CALLLIST_KEYS);
    assertUses('demo/calllist.cf', 'alias', CALLLIST_ALIAS_KEYS);
    assertUses('demo/dependency.cf', 'dependencies', DEPENDENCIES_KEYS);
    assertUses('demo/dependency.cf', 'depend', DEPEND_KEYS);
  });

  it('loads with the shipped modules once they all exist', async (t) => {
    const missing = Object.entries(DEMO_MODULES).flatMap(([kind, names]) => names.filter((n) => !existsSync(join(shippedModulesDir, kind, n))).map((n) => `${kind}/${n}`));
    if (missing.length > 0) {
      t.skip(`not shipped yet: ${missing.join(', ')}`);
      return;
    }
    try {
      await loadConfig({ prefix: projectRoot });
    } catch (err) {
      assert.fail(err instanceof ConfigError ? err.message : String(err));
    }
  });
});
