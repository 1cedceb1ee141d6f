import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeTempDir } from '../helpers/temp-dir.js';
import { lib } from './survivor-library.js';

const type = (text: string) => lib.parseOptionType(text);
const misconfigured = (pattern: RegExp) => (error: unknown) => error instanceof lib.MisconfigError && pattern.test(error.message);

describe('1.0 option type strings', () => {
  it('reads base type, modifiers and arguments', () => {
    assert.deepEqual({ ...type('optional number between(0,inf) default(90)') }, {
      base: 'number', optional: true, list: false, default: '90', between: [0, Infinity], any: undefined, one: undefined,
    });
    assert.deepEqual(type('optional string one(any,all) default(all)').one, ['any', 'all']);
    assert.equal(type('string list').list, true);
  });

  for (const bad of ['number default(5)', 'nonsense', 'optional', 'number between(1)', 'number frobnicate(1)']) {
    it(`refuses the type '${bad}'`, () => assert.throws(() => type(bad)));
  }
});

describe('option values', () => {
  const table: [typeText: string, value: unknown, expected: unknown][] = [
    ['number', 42, 42],
    ['number', '42', 42],
    ['number', '-1.5', -1.5],
    ['number between(0,100)', '100', 100],
    ['boolean', true, true],
    ['boolean', 'yes', true],
    ['boolean', 'N', false],
    ['boolean', 'off', false],
    ['boolean', 1, true],
    ['string', 'x y', 'x y'],
    ['string', 5, '5'],
    ['optional string one(any,all) default(all)', undefined, 'all'],
    ['optional number default(3)', undefined, 3],
    ['optional number', undefined, undefined],
    ['string list', 'a', ['a']],
    ['string list', ['a', 'b'], ['a', 'b']],
    ['number list', ['1', 2], [1, 2]],
    ['number', ['7'], 7],
    ['flags any(a,i,r)', 'ai', 'ai'],
    ['extraction', 'column[2]', 'column[2]'],
    ['extraction', 'substr[0,4]', 'substr[0,4]'],
  ];
  for (const [typeText, value, expected] of table) {
    it(`accepts ${JSON.stringify(value)} as '${typeText}'`, () => {
      assert.deepEqual(lib.coerceOption('o', type(typeText), value), expected);
    });
  }

  it('turns relations into relation objects', () => {
    const relation = lib.coerceOption('warn', type('relation'), 'gt[3]') as { test(v: number): boolean };
    assert.equal(relation.test(4), true);
  });

  const refused: [typeText: string, value: unknown, message: RegExp][] = [
    ['number', 'abc', /^option o: expected a number, got 'abc'$/],
    ['number', '1e3', /expected a number/],
    ['number between(0,100)', 101, /expected a number between 0 and 100, got 101 \(number\)/],
    ['boolean', 'maybe', /expected yes or no/],
    ['string one(any,all)', 'some', /expected one of any, all/],
    ['flags any(a,i)', 'ax', /expected flags from ai/],
    ['extraction', 'column[x]', /column\[x\] or substr/],
    ['relation', 'gt5', /option o: expected a relation/],
    ['number', ['1', '2'], /given 2 times but takes one value/],
    ['string', undefined, /option o is required/],
    ['directory', '/nonexistent/survivor', /expected an existing directory/],
  ];
  for (const [typeText, value, message] of refused) {
    it(`refuses ${JSON.stringify(value)} as '${typeText}' with a clear message`, () => {
      assert.throws(() => lib.coerceOption('o', type(typeText), value), misconfigured(message));
    });
  }

  it('checks directories and files on the machine running the module', async () => {
    const dir = await makeTempDir();
    assert.equal(lib.coerceOption('d', type('directory'), dir), dir);
    assert.throws(() => lib.coerceOption('f', type('file'), dir), misconfigured(/an existing file/));
  });

  it('refuses unknown options, naming the known ones', () => {
    const manifest = lib.parseManifest('[option warn]\ntype = optional number default(90)\n[option prob]\ntype = optional number\n');
    assert.deepEqual({ ...lib.typedOptions({ prob: '5' }, manifest) }, { warn: 90, prob: 5 });
    assert.throws(() => lib.typedOptions({ wran: 1 }, manifest), misconfigured(/unknown option wran \(this module takes: warn, prob\)/));
  });

  it('passes options through untouched without a manifest', () => {
    assert.deepEqual({ ...lib.typedOptions({ a: 'x', b: ['1', '2'] }, undefined) }, { a: 'x', b: ['1', '2'] });
  });
});

describe('result lines', () => {
  it('flattens comments to one line and escapes them as JSON', () => {
    const line = lib.resultLine('web01', { rc: 0, scalar: 2.6, comment: '  a\n\tb "q" \\ \u0001c  ' });
    assert.equal(line, '{"host":"web01","rc":0,"scalar":3,"comment":"a b \\"q\\" \\\\ c"}\n');
  });

  it('cuts very long comments and keeps the duration when known', () => {
    const parsed = JSON.parse(lib.resultLine('h', { rc: 1, comment: 'x'.repeat(5000), duration: 12.4 })) as { comment: string; duration: number; scalar: number };
    assert.equal(parsed.comment.length, lib.MAX_COMMENT_CHARS);
    assert.equal(parsed.duration, 12);
    assert.equal(parsed.scalar, 0);
  });
});
