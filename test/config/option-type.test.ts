import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type OptionType, coerceOptionValue, parseOptionType } from '../../src/config/option-type.js';

function type(text: string): OptionType {
  const parsed = parseOptionType(text);
  assert.ok('type' in parsed, `${text}: ${JSON.stringify(parsed)}`);
  return parsed.type;
}

describe('parseOptionType', () => {
  it('reads base types with modifiers', () => {
    assert.deepEqual(type('optional number between(0,100) default(90)'), {
      text: 'optional number between(0,100) default(90)',
      base: 'number',
      optional: true,
      list: false,
      between: [0, 100],
      defaultValue: 90,
    });
    assert.deepEqual(type('string list'), { text: 'string list', base: 'string', optional: false, list: true });
    assert.equal(type('optional boolean default(no)').defaultValue, false);
    assert.deepEqual(type('optional string list default(/)').defaultValue, ['/']);
    assert.deepEqual(type('optional string list default()').defaultValue, []);
    assert.deepEqual(type('number between(-inf, inf)').between, [-Infinity, Infinity]);
    assert.deepEqual(type('optional string one(A, AAAA,MX) default(A)').one, ['A', 'AAAA', 'MX']);
    assert.deepEqual(type('optional flags any(f,d,l)').any, ['f', 'd', 'l']);
    assert.equal(type('optional string default(http://$HOST/)').defaultValue, 'http://$HOST/');
    assert.equal(type('optional relation default(lt[1])').defaultValue, 'lt[1]');
  });

  const bad: [string, string][] = [
    ['', 'no base type'],
    ['optional', 'no base type'],
    ['string number', 'two base types'],
    ['text', 'unknown word'],
    ['number default(3)', 'only allowed with optional'],
    ['string list one(a,b)', 'cannot be combined with list'],
    ['boolean list', 'list is not allowed with boolean'],
    ['flags list', 'list is not allowed with flags'],
    ['relation list', 'list is not allowed with relation'],
    ['string between(0,1)', 'only for numbers'],
    ['number between(5,1)', 'lower bound is above'],
    ['number between(a,1)', 'needs two numbers'],
    ['number between(1)', 'needs two numbers'],
    ['optional number default(x)', 'default(x): not a number'],
    ['optional number between(0,10) default(11)', 'out of range'],
    ['string one(a,,b)', 'empty value'],
    ['flags any(ab,c)', 'single characters'],
    ['number number', 'given twice'],
    ['optional(1) string', 'takes no'],
    ['string one', 'needs (…)'],
    ['string, optional', 'cannot read'],
    ['boolean one(yes,no)', 'make no sense for boolean'],
  ];
  for (const [text, message] of bad) {
    it(`refuses "${text}" saying ${message}`, () => {
      const parsed = parseOptionType(text);
      assert.ok('problem' in parsed && parsed.problem.includes(message), JSON.stringify(parsed));
    });
  }
});

describe('coerceOptionValue', () => {
  const good: [string, string, unknown][] = [
    ['boolean', 'yes', true],
    ['boolean', 'Y', true],
    ['boolean', '1', true],
    ['boolean', 'false', false],
    ['boolean', 'n', false],
    ['number', '42', 42],
    ['number', '-3.5', -3.5],
    ['number', '.5', 0.5],
    ['number', '7.', 7],
    ['number between(0,100)', '100', 100],
    ['string', 'any text at all', 'any text at all'],
    ['password', 's3cret', 's3cret'],
    ['directory', '/does/not/exist/here', '/does/not/exist/here'],
    ['file', 'relative/file', 'relative/file'],
    ['flags any(a,i,r)', 'ai', 'ai'],
    ['flags', '', ''],
    ['extraction', 'column[3]', 'column[3]'],
    ['extraction', 'substr[0, 10]', 'substr[0, 10]'],
    ['relation', 'lt[5]', 'lt[5]'],
    ['relation', 'bt[1.5,-2]', 'bt[1.5,-2]'],
    ['relation', 'nb[0,10]', 'nb[0,10]'],
    ['relation', 'reg[^ok (yes|no)$]', 'reg[^ok (yes|no)$]'],
    ['relation', 'regv[error]', 'regv[error]'],
    ['relation', 'tnt[3600]', 'tnt[3600]'],
    ['relation', 'tot[60]', 'tot[60]'],
    ['string one(A,MX)', 'MX', 'MX'],
    ['string any(a,b)', 'b', 'b'],
  ];
  for (const [t, raw, value] of good) {
    it(`accepts ${JSON.stringify(raw)} as ${t}`, () => assert.deepEqual(coerceOptionValue(type(t), raw), { value }));
  }
  const bad: [string, string, string][] = [
    ['boolean', 'maybe', 'not a boolean'],
    ['number', '1e3', 'not a number'],
    ['number', '--1', 'not a number'],
    ['number', '1.2.3', 'not a number'],
    ['number', '', 'not a number'],
    ['number between(0,100)', '101', 'out of range'],
    ['directory', '', 'empty path'],
    ['flags', 'a b', 'without separators'],
    ['flags any(a,i)', 'ax', 'unknown flag'],
    ['extraction', 'column[-1]', 'not an extraction'],
    ['extraction', 'substr[1]', 'not an extraction'],
    ['relation', 'lt[x]', 'not a relation'],
    ['relation', 'bt[1]', 'not a relation'],
    ['relation', 'reg[]', 'not a relation'],
    ['relation', 'tnt[-5]', 'not a relation'],
    ['relation', 'lt 5', 'not a relation'],
    ['string one(A,MX)', 'TXT', 'not allowed'],
  ];
  for (const [t, raw, message] of bad) {
    it(`refuses ${JSON.stringify(raw)} as ${t}`, () => {
      const c = coerceOptionValue(type(t), raw);
      assert.ok('problem' in c && c.problem.includes(message) && c.expected !== '', JSON.stringify(c));
    });
  }
});
