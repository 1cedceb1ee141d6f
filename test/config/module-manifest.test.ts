import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigProblem } from '../../src/config/config-error.js';
import { parseModuleManifest } from '../../src/config/module-manifest.js';
import { resolveModuleOptions } from '../../src/config/module-options.js';

const MANIFEST = `description = Filesystem usage in percent
protocol = batch            ; batch (default) | single | nagios | survivor-xml

[option warn]
type = optional number between(0,100) default(90)
description = percent used at which to warn

[option filesystem]
type = optional string list
description = mount point

[option label]
type = string

[option verbose]
type = optional boolean
`;

const site = { file: 'check.cf', section: 'check disk', module: 'disk', line: 7 };

function manifest(text = MANIFEST): { m: ReturnType<typeof parseModuleManifest>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  return { m: parseModuleManifest(text, 'disk.ini', problems), problems };
}

describe('parseModuleManifest', () => {
  it('reads description, protocol and typed options in order', () => {
    const { m, problems } = manifest();
    assert.deepEqual(problems, []);
    assert.equal(m.description, 'Filesystem usage in percent');
    assert.equal(m.protocol, 'batch');
    assert.deepEqual([...m.options.keys()], ['warn', 'filesystem', 'label', 'verbose']);
    assert.equal(m.options.get('warn')!.type.defaultValue, 90);
    assert.equal(m.options.get('warn')!.description, 'percent used at which to warn');
    assert.equal(m.options.get('warn')!.line, 4);
  });

  const bad: [string, string, number, string][] = [
    ['a bad type', '[option a]\ntype = numbr\n', 2, 'bad option type: unknown word'],
    ['a missing type', '[option a]\ndescription = x\n', 1, 'missing required key "type"'],
    ['an unknown top key', 'protocl = batch\n', 1, 'unknown key'],
    ['an unknown protocol', 'protocol = telnet\n', 1, 'unknown value'],
    ['an unknown section', '[opt a]\ntype = string\n', 1, 'unknown section type'],
    ['an unknown option key', '[option a]\ntype = string\ndefault = 3\n', 3, 'unknown key'],
    ['a bad option name', '[option a+b]\ntype = string\n', 1, 'option names may contain only'],
  ];
  for (const [name, text, line, message] of bad) {
    it(`reports ${name} at line ${line}`, () => {
      const { problems } = manifest(text);
      assert.ok(problems.some((p) => p.file === 'disk.ini' && p.line === line && p.message.includes(message)), JSON.stringify(problems));
    });
  }
});

describe('resolveModuleOptions', () => {
  it('types values, builds lists and applies defaults', () => {
    const problems: ConfigProblem[] = [];
    const options = resolveModuleOptions(
      [
        { name: 'label', value: 'root fs', line: 8 },
        { name: 'filesystem', value: '/', line: 9 },
        { name: 'filesystem', value: '/tmp', line: 10 },
        { name: 'verbose', value: 'yes', line: 11 },
      ],
      manifest().m,
      site,
      problems,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(options, { label: 'root fs', filesystem: ['/', '/tmp'], verbose: true, warn: 90 });
  });

  it('leaves options as strings, arrays when repeated, without a manifest', () => {
    const problems: ConfigProblem[] = [];
    const options = resolveModuleOptions(
      [
        { name: 'a', value: '1', line: 2 },
        { name: 'b', value: 'x', line: 3 },
        { name: 'b', value: 'y', line: 4 },
        { name: '__proto__', value: 'z', line: 5 },
      ],
      undefined,
      site,
      problems,
    );
    assert.deepEqual(problems, []);
    assert.equal(options.a, '1');
    assert.deepEqual(options.b, ['x', 'y']);
    assert.ok(Object.hasOwn(options, '__proto__'));
    assert.equal(Object.getPrototypeOf(options), Object.prototype);
  });

  const bad: [string, { name: string; value: string; line: number }[], number, string, string][] = [
    ['an unknown option', [{ name: 'label', value: 'x', line: 8 }, { name: 'wran', value: '3', line: 9 }], 9, 'wran', 'has no option "wran"'],
    ['a missing required option', [], 7, 'label', 'needs option "label"'],
    ['a bad number', [{ name: 'label', value: 'x', line: 8 }, { name: 'warn', value: 'ninety', line: 9 }], 9, 'warn', 'not a number'],
    ['a number out of range', [{ name: 'label', value: 'x', line: 8 }, { name: 'warn', value: '101', line: 9 }], 9, 'warn', 'out of range'],
    ['a repeated non-list option', [{ name: 'label', value: 'x', line: 8 }, { name: 'label', value: 'y', line: 12 }], 12, 'label', 'more than once (first at line 8)'],
    ['a bad boolean', [{ name: 'label', value: 'x', line: 8 }, { name: 'verbose', value: 'loud', line: 10 }], 10, 'verbose', 'not a boolean'],
  ];
  for (const [name, raw, line, option, message] of bad) {
    it(`reports ${name} at line ${line}`, () => {
      const problems: ConfigProblem[] = [];
      resolveModuleOptions(raw, manifest().m, site, problems);
      assert.ok(
        problems.some((p) => p.file === 'check.cf' && p.line === line && p.section === 'check disk' && p.key === `option.${option}` && p.message.includes(message)),
        JSON.stringify(problems),
      );
    });
  }
});
