import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PairMap, PairSet } from '../../src/domain/pair-map.js';

describe('pair map', () => {
  it('keys by service and host, counts entries and forgets emptied services', () => {
    const m = new PairMap<number>();
    m.set('web', 'h1', 1).set('web', 'h2', 2).set('db', 'h1', 3).set('web', 'h1', 4);
    assert.equal(m.size, 3, 'setting an existing pair replaces it');
    assert.equal(m.get('web', 'h1'), 4);
    assert.equal(m.get('db', 'h2'), undefined);
    assert.equal(m.has('db', 'h1'), true);
    assert.equal(m.has('web\0h1', ''), false);
    assert.equal(m.delete('db', 'h1'), true);
    assert.equal(m.delete('db', 'h1'), false);
    assert.equal(m.size, 2);
    assert.deepEqual([...m.entries()], [['web', 'h1', 4], ['web', 'h2', 2]]);
  });

  it('lets the entry just visited be deleted while iterating', () => {
    const m = new PairMap<number>();
    for (const [s, h, v] of [['a', 'x', 1], ['a', 'y', 2], ['b', 'x', 3]] as const) m.set(s, h, v);
    for (const [s, h, v] of m.entries()) if (v !== 2) m.delete(s, h);
    assert.deepEqual([...m.entries()], [['a', 'y', 2]]);
    assert.equal(m.size, 1);
  });

  it('has a set of pairs', () => {
    const s = new PairSet().add('web', 'h1').add('web', 'h1').add('db', 'h1');
    assert.equal(s.size, 2);
    assert.ok(s.has('web', 'h1') && !s.has('web', 'h2'));
    assert.ok(s.delete('web', 'h1') && !s.has('web', 'h1'));
  });
});
