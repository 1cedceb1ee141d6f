import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PairConfig } from '../../src/config/config-model.js';
import { failing, nextWatch, pairsToDecide } from '../../src/daemon/alert-watch.js';

const pair = (service: string, host: string): PairConfig => ({ service, host, schedule: 's', hostClass: 'c' });
const pairs = [pair('web', 'h1'), pair('web', 'h2'), pair('db', 'h1'), pair('db', 'h2'), pair('dns', 'h1')];
const rcs = new Map<string, number>([
  ['web h1', 0],
  ['web h2', 1],
  ['db h1', 7],
  ['db h2', 5],
]);
const rcOf = (service: string, host: string): number | undefined => rcs.get(`${service} ${host}`);
const names = (ps: readonly PairConfig[]): string[] => ps.map((p) => `${p.service}@${p.host}`);

describe('alert watch', () => {
  it('decides every pair not disabled on the first pass', () => {
    const decide = pairsToDecide({ pairs, firstPass: true, rcOf, disabled: (s, h) => s === 'db' && h === 'h2', watch: new Set() });
    assert.deepEqual(names(decide), ['web@h1', 'web@h2', 'db@h1', 'dns@h1']);
  });

  it('later decides the failing pairs, those of unknown rc and the watched ones, not the OK ones', () => {
    const watch = nextWatch([pair('web', 'h1')]);
    const decide = pairsToDecide({ pairs, firstPass: false, rcOf, disabled: () => false, watch });
    assert.deepEqual(names(decide), ['web@h1', 'web@h2', 'db@h2', 'dns@h1'], 'web@h1 (OK) only because it is watched; db@h1 (not yet run) not at all');
    const unwatched = pairsToDecide({ pairs, firstPass: false, rcOf, disabled: () => false, watch: new Set() });
    assert.deepEqual(names(unwatched), ['web@h2', 'db@h2', 'dns@h1']);
  });

  it('never decides a disabled pair, watched or failing', () => {
    const decide = pairsToDecide({ pairs, firstPass: false, rcOf, disabled: (s) => s === 'web', watch: nextWatch(pairs) });
    assert.deepEqual(names(decide), ['db@h1', 'db@h2', 'dns@h1']);
  });

  it('counts every rc but OK and not-yet-run as failing, and an unknown one', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 20, -1, undefined].map(failing), [false, true, true, true, true, true, true, false, true, true, true]);
  });
});
