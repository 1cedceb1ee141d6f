import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { offsetMs, pairHash, pairOffsetMs, scheduleCycleMs } from '../../src/schedule/pair-offset.js';
import { DAY, HOUR, MINUTE, SECOND, at, every, never, schedule, win } from './schedule-builders.js';

describe('pair offsets', () => {
  it('are stable, whole seconds, and inside the interval', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 7 * 86_400 }), (service, host, seconds) => {
        const off = offsetMs(service, host, seconds * SECOND);
        assert.equal(off, offsetMs(service, host, seconds * SECOND));
        assert.equal(off % SECOND, 0);
        assert.ok(off >= 0 && off < Math.max(SECOND, seconds * SECOND));
      }),
    );
  });

  it('spread similar host names evenly over the interval', () => {
    for (const interval of [MINUTE, 5 * MINUTE, HOUR, DAY]) {
      const buckets = new Array<number>(10).fill(0);
      for (let i = 0; i < 2000; i++) {
        const off = offsetMs('disk', `web${i}.example.com`, interval);
        buckets[Math.floor((off / interval) * 10)]! += 1;
      }
      for (const count of buckets) assert.ok(count > 140 && count < 260, `bucket counts ${buckets.join(' ')} for ${interval} ms`);
    }
  });

  it('differ between services on one host', () => {
    const offs = new Set(['disk', 'load', 'ping', 'http', 'smtp', 'ntp'].map((s) => offsetMs(s, 'db1', HOUR)));
    assert.ok(offs.size >= 5);
  });

  it('use the whole 53-bit range of the hash', () => {
    const hashes = ['disk', 'load', 'ping', 'http', 'smtp', 'ntp'].map((s) => pairHash(s, 'db1'));
    assert.ok(hashes.every((h) => Number.isSafeInteger(h) && h >= 0));
    assert.ok(hashes.some((h) => h > 2 ** 40));
  });

  it('are 0 without smart scheduling', () => {
    assert.equal(pairOffsetMs('disk', 'db1', schedule('s', every(HOUR)), false), 0);
  });
});

describe('schedule cycles', () => {
  const table: readonly [string, ReturnType<typeof schedule>, number][] = [
    ['one every rule', schedule('s', every(5 * MINUTE)), 5 * MINUTE],
    ['intervals that divide each other', schedule('s', every(5 * MINUTE, win('08:00', '17:59')), every(HOUR)), HOUR],
    ['coprime intervals', schedule('s', every(7 * SECOND, win('08:00', '17:59')), every(11 * SECOND)), 77 * SECOND],
    ['a common period longer than 28 days', schedule('s', every(27 * DAY, win('08:00', '17:59')), every(29 * DAY)), 29 * DAY],
    ['no every rule', schedule('s', at('03:00'), never()), 0],
  ];
  for (const [name, s, expected] of table) {
    it(`spread ${name} over ${expected} ms`, () => assert.equal(scheduleCycleMs(s), expected));
  }
});
