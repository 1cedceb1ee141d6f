import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHECK_KEYS } from '../../src/config/check-section.js';
import { DEFAULTS_KEYS, FIX_KEYS, TRANSPORT_KEYS } from '../../src/config/check-file.js';
import { ConfigError } from '../../src/config/config-error.js';
import { ALIAS_KEYS, CLASS_KEYS, GROUP_KEYS } from '../../src/config/host-file.js';
import { readIni } from '../../src/config/ini-reader.js';
import { INSTANCE_KEYS } from '../../src/config/instance-file.js';
import { loadConfig } from '../../src/config/load-config.js';
import { projectRoot, shippedModulesDir } from '../helpers/project.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { STUB } from './config-fixture.js';

const DEMO_MODULES = {
  check: ['test', 'sleep', 'ping', 'tcp', 'http', 'dns', 'disk', 'load', 'memory', 'process', 'filetest', 'certificate'],
  fix: ['service'],
  transport: ['ssh'],
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
    for (const rule of schedules.flatMap((s) => s.rules)) {
      if (rule.kind === 'every') assert.ok(rule.intervalMs >= 60_000 && rule.intervalMs <= 300_000, `${rule.source.line}`);
    }
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
