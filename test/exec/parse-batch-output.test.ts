import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseBatchOutput } from '../../src/exec/parse-batch-output.js';

const line = (doc: unknown): string => JSON.stringify(doc);

describe('parseBatchOutput', () => {
  const cases: { name: string; stdout: string; hosts: string[]; expected: Record<string, unknown> }[] = [
    {
      name: 'reads one JSON line per host',
      stdout: `${line({ host: 'a', rc: 0, scalar: 3, comment: 'fine', duration: 12 })}\n${line({ host: 'b', rc: 1, scalar: 0, comment: 'down' })}\n`,
      hosts: ['a', 'b'],
      expected: { a: { rc: 0, scalar: 3, comment: 'fine', duration: 12 }, b: { rc: 1, scalar: 0, comment: 'down' } },
    },
    {
      name: 'ignores hosts that were not asked about',
      stdout: line({ host: 'x', rc: 0 }),
      hosts: ['a'],
      expected: {},
    },
    {
      name: 'keeps the first answer of a host and ignores duplicates',
      stdout: [line({ host: 'a', rc: 0, comment: 'first' }), line({ host: 'a', rc: 1, comment: 'second' })].join('\n'),
      hosts: ['a'],
      expected: { a: { rc: 0, scalar: 0, comment: 'first' } },
    },
    {
      name: 'ignores garbage, arrays, broken JSON and lines without a host',
      stdout: '\u0000\ufffd junk\n{"host": "a", "rc": \n[1,2]\n"a"\n{"rc":0}\n{"host":5,"rc":0}\n',
      hosts: ['a'],
      expected: {},
    },
    {
      name: 'turns an rc above 1000 into MISCONFIG with the reason',
      stdout: line({ host: 'a', rc: 1001, comment: 'too big' }),
      hosts: ['a'],
      expected: { a: { rc: 4, scalar: 0, comment: 'Module returned invalid return code 1001: too big' } },
    },
    {
      name: 'turns a negative, gap, fractional or string rc into MISCONFIG',
      stdout: [line({ host: 'a', rc: -1 }), line({ host: 'b', rc: 8 }), line({ host: 'c', rc: 2.5 }), line({ host: 'd', rc: 'two' })].join('\n'),
      hosts: ['a', 'b', 'c', 'd'],
      expected: {
        a: { rc: 4, scalar: 0, comment: 'Module returned invalid return code -1' },
        b: { rc: 4, scalar: 0, comment: 'Module returned invalid return code 8' },
        c: { rc: 4, scalar: 0, comment: 'Module returned invalid return code 2.5' },
        d: { rc: 4, scalar: 0, comment: 'Module returned invalid return code "two"' },
      },
    },
    {
      name: 'turns a missing rc into MISCONFIG',
      stdout: line({ host: 'a', comment: 'forgot' }),
      hosts: ['a'],
      expected: { a: { rc: 4, scalar: 0, comment: 'Module returned no return code: forgot' } },
    },
    {
      name: 'accepts site codes 20–1000',
      stdout: [line({ host: 'a', rc: 20 }), line({ host: 'b', rc: 1000 })].join('\n'),
      hosts: ['a', 'b'],
      expected: { a: { rc: 20, scalar: 0, comment: '' }, b: { rc: 1000, scalar: 0, comment: '' } },
    },
    {
      name: 'rounds scalars and durations and drops a negative duration',
      stdout: [line({ host: 'a', rc: 0, scalar: 2.6, duration: 7.4 }), line({ host: 'b', rc: 0, scalar: 'x', duration: -5 })].join('\n'),
      hosts: ['a', 'b'],
      expected: { a: { rc: 0, scalar: 3, comment: '', duration: 7 }, b: { rc: 0, scalar: 0, comment: '' } },
    },
    {
      name: 'flattens a multi-line comment into one line',
      stdout: line({ host: 'a', rc: 2, comment: 'one\ntwo\r\n three\t' }),
      hosts: ['a'],
      expected: { a: { rc: 2, scalar: 0, comment: 'one two three' } },
    },
    {
      name: 'reads lines with CRLF endings and surrounding blanks',
      stdout: `  ${line({ host: 'a', rc: 0 })}  \r\n`,
      hosts: ['a'],
      expected: { a: { rc: 0, scalar: 0, comment: '' } },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(Object.fromEntries(parseBatchOutput(c.stdout, c.hosts)), c.expected);
    });
  }

  it('never throws and answers only requested hosts, at most once, with valid codes (property)', () => {
    const host = fc.constantFrom('a', 'b', 'c', 'zz');
    const resultLine = fc.record({ host, rc: fc.oneof(fc.integer({ min: -5, max: 1005 }), fc.string()), comment: fc.string() }, { requiredKeys: [] });
    const anyLine = fc.oneof(resultLine.map((doc) => JSON.stringify(doc)), fc.string(), fc.json());
    fc.assert(
      fc.property(fc.array(anyLine), fc.uniqueArray(host), (lines, hosts: string[]) => {
        const answers = parseBatchOutput(lines.join('\n'), hosts);
        for (const [h, answer] of answers) {
          assert.ok(hosts.includes(h));
          assert.ok((answer.rc >= 0 && answer.rc <= 7) || (answer.rc >= 20 && answer.rc <= 1000));
          assert.ok(Number.isInteger(answer.scalar));
          assert.ok(!/[\n\r]/.test(answer.comment));
        }
      }),
    );
  });
});
