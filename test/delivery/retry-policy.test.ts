import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryDelay } from '../../src/delivery/retry-policy.js';

describe('retryDelay', () => {
  const cases: [number, number][] = [[1, 5_000], [2, 10_000], [3, 20_000], [4, 40_000], [6, 160_000], [7, 300_000], [50, 300_000], [10_000, 300_000]];
  for (const [failures, delay] of cases) it(`waits ${delay / 1000} s after ${failures} temporary failures`, () => assert.equal(retryDelay(failures), delay));

  it('follows a custom policy', () => {
    assert.equal(retryDelay(3, { initialDelayMs: 10, maxDelayMs: 25, maxAgeMs: 1 }), 25);
    assert.equal(retryDelay(2, { initialDelayMs: 10, maxDelayMs: 25, maxAgeMs: 1 }), 20);
  });
});
