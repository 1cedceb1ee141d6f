import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ini from 'ini';
import type { ConfigProblem } from '../../src/config/config-error.js';
import { parseModuleManifest } from '../../src/config/module-manifest.js';
import { shippedModulesDir } from '../helpers/project.js';
import { shippedModules } from './module-process.js';
import { lib } from './survivor-library.js';

const PROTOCOLS = ['batch', 'single', 'nagios', 'survivor-xml'];

describe('shipped module manifests', () => {
  it('covers the modules the sample configuration names', () => {
    for (const name of ['test', 'sleep', 'ping', 'tcp', 'http', 'dns', 'disk', 'load', 'memory', 'process', 'filetest', 'certificate']) {
      assert.ok(shippedModules.includes(`check/${name}`), `check/${name} is shipped`);
    }
    assert.ok(shippedModules.includes('fix/service'));
    assert.ok(shippedModules.includes('transport/ssh'));
  });

  for (const module of shippedModules) {
    describe(module, () => {
      const path = join(shippedModulesDir, module);
      const text = readFileSync(`${path}.ini`, 'utf8');
      const parsed = ini.parse(text) as Record<string, unknown>;

      it('is executable', () => {
        assert.ok((statSync(path).mode & 0o111) !== 0);
      });

      it('has a description and, for checks, a known protocol', () => {
        assert.equal(typeof parsed.description, 'string');
        assert.ok((parsed.description as string).length > 10);
        if (module.startsWith('check/')) assert.ok(PROTOCOLS.includes(parsed.protocol as string));
      });

      it('gives every option a valid 1.0 type, a description and a default that fits', () => {
        const sections = Object.entries(parsed).filter(([, value]) => typeof value === 'object');
        for (const [section, keys] of sections) {
          const { type, description } = keys as { type?: unknown; description?: unknown };
          assert.match(section, /^option [a-z0-9_-]+$/);
          assert.equal(typeof type, 'string', `${section} has a type`);
          assert.equal(typeof description, 'string', `${section} has a description`);
          const optionType = lib.parseOptionType(type as string);
          if (optionType.optional) assert.doesNotThrow(() => lib.coerceOption(section, optionType, undefined));
        }
      });

      it('reads the same with the module library as with the ini package', () => {
        const manifest = lib.parseManifest(text);
        assert.equal(manifest.description, parsed.description);
        const fromIni = Object.entries(parsed)
          .filter(([, value]) => typeof value === 'object')
          .map(([section, keys]) => [section.slice('option '.length), (keys as { type: string }).type]);
        assert.deepEqual([...manifest.options].map(([name, option]) => [name, option.typeText]), fromIni);
      });

      it("is accepted by the daemon's manifest reader with the same defaults", () => {
        const problems: ConfigProblem[] = [];
        const daemonView = parseModuleManifest(text, `${path}.ini`, problems);
        assert.deepEqual(problems, []);
        const manifest = lib.parseManifest(text);
        for (const [name, option] of manifest.options) {
          const fromModule = option.type.optional ? lib.coerceOption(name, option.type, undefined) : undefined;
          const shown = (value: unknown) => (value && typeof value === 'object' && 'text' in value ? value.text : value);
          assert.deepEqual(shown(fromModule), daemonView.options.get(name)?.type.defaultValue, name);
        }
      });

      it('has no value that ini would cut at a ; or #', () => {
        for (const line of text.split('\n').filter((l) => /^\s*[^;#[\s].*=/.test(l))) {
          assert.doesNotMatch(line.slice(line.indexOf('=') + 1), /(^|[^\\])[;#]/, line);
        }
      });
    });
  }
});
