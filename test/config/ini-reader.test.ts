import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigProblem } from '../../src/config/config-error.js';
import { readIni } from '../../src/config/ini-reader.js';

function read(text: string): { doc: ReturnType<typeof readIni>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  return { doc: readIni(text, 'x.cf', problems), problems };
}

describe('readIni', () => {
  it('keeps line numbers of sections and keys across comments and blank lines', () => {
    const { doc, problems } = read('; comment\n\n# another\n[check ping]\nmodule = ping\n\n  timeout = 5 seconds  \n');
    assert.deepEqual(problems, []);
    assert.equal(doc.sections.length, 1);
    const s = doc.sections[0]!;
    assert.equal(s.type, 'check');
    assert.equal(s.name, 'ping');
    assert.equal(s.line, 4);
    assert.deepEqual(s.entries.map((e) => [e.key, e.value, e.line]), [['module', 'ping', 5], ['timeout', '5 seconds', 7]]);
  });

  it('never nests sections whose names contain dots', () => {
    const { doc, problems } = read('[class web.example.org]\nhosts = a.b.c\n[class web]\nhosts = d\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(doc.sections.map((s) => s.name), ['web.example.org', 'web']);
    assert.equal(doc.sections[0]!.entries[0]!.value, 'a.b.c');
  });

  it('accumulates repeated keys in order', () => {
    const { doc } = read('[group g]\nhosts = a\nhosts = b c\nhosts[] = d\n');
    assert.deepEqual(doc.sections[0]!.entries.map((e) => [e.key, e.value]), [['hosts', 'a'], ['hosts', 'b c'], ['hosts', 'd']]);
  });

  it('decodes values with ini semantics: inline comments, quotes and escapes', () => {
    const { doc } = read('[x]\na = b ; comment\nb = "x;y#z"\nc = \'single\'\nd = one \\; two \\# three\ne = true\nf =\n');
    assert.deepEqual(
      doc.sections[0]!.entries.map((e) => [e.key, e.value]),
      [['a', 'b'], ['b', 'x;y#z'], ['c', 'single'], ['d', 'one ; two # three'], ['e', 'true'], ['f', '']],
    );
  });

  it('keeps dotted keys flat and collapses inner whitespace of keys', () => {
    const { doc } = read('[check c]\noption.file.name = /etc/passwd\nall    hosts = yes\n');
    assert.deepEqual(doc.sections[0]!.entries.map((e) => e.key), ['option.file.name', 'all hosts']);
  });

  it('marks keys without = as bare, as 1.0 flag lines', () => {
    const { doc } = read('[instance i]\nallow root\n');
    assert.deepEqual(doc.sections[0]!.entries[0], { key: 'allow root', value: '', bare: true, line: 2 });
  });

  it('counts lines the same for CRLF, CR and LF endings', () => {
    const { doc } = read('[a x]\r\nk = 1\r\n\r\n[b y]\rk = 2\n');
    assert.deepEqual(doc.sections.map((s) => s.line), [1, 4]);
    assert.equal(doc.sections[1]!.entries[0]!.line, 5);
  });

  it('allows a comment after a section header', () => {
    const { doc, problems } = read('[check ping] ; the ping check\nmodule = ping\n');
    assert.deepEqual(problems, []);
    assert.equal(doc.sections[0]!.name, 'ping');
  });

  it('puts keys before the first header into the preamble', () => {
    const { doc } = read('description = x\n[option a]\ntype = string\n');
    assert.deepEqual(doc.preamble.map((e) => e.key), ['description']);
  });

  it('lets unnamed sections repeat', () => {
    const { problems } = read('[defaults]\ntimeout = 1\n[defaults]\ntimeout = 2\n');
    assert.deepEqual(problems, []);
  });

  const bad: { name: string; text: string; line: number; message: string }[] = [
    { name: 'a duplicate named section', text: '[check a]\n[check b]\n[check a]\n', line: 3, message: 'duplicate section, first defined at line 1' },
    { name: 'an unclosed header', text: '[check a]\nmodule = x\n[check b\n', line: 3, message: 'malformed section header' },
    { name: 'text after a header', text: '[check a] b\n', line: 1, message: 'malformed section header' },
    { name: 'an empty header', text: '[ ]\n', line: 1, message: 'empty section header' },
    { name: 'a line with no key', text: '[check a]\n= value\n', line: 2, message: 'malformed line' },
    { name: 'a __proto__ key', text: '[check a]\n__proto__ = 1\n', line: 2, message: 'malformed line' },
    { name: 'a section name with a slash', text: '[check a/b]\n', line: 1, message: 'bad section name' },
    { name: 'a section name "."', text: '\n[check .]\n', line: 2, message: 'reserved' },
    { name: 'a section name with a control character', text: '[check a\u0007b]\n', line: 1, message: 'U+0007' },
    { name: 'a look-alike Cyrillic letter in a section name', text: '[check p\u0430ng]\n', line: 1, message: 'U+0430' },
  ];
  for (const c of bad) {
    it(`reports ${c.name} at its line`, () => {
      const { problems } = read(c.text);
      assert.ok(
        problems.some((p) => p.line === c.line && p.message.includes(c.message) && p.file === 'x.cf'),
        JSON.stringify(problems),
      );
    });
  }
});
