import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { peekTime } from '../../src/history/peek-time.js';

describe('peekTime', () => {
  const cases: [string, number | undefined][] = [
    ['{"time":1700000000000,"rc":0}', 1700000000000],
    ['{"time":0}', 0],
    ['{"time":12', undefined],
    ['{"time":,"rc":0}', undefined],
    ['{"time":1.5,"rc":0}', undefined],
    ['{"time":-1,"rc":0}', undefined],
    ['{"rc":0,"time":5}', undefined],
    ['{ "time":5}', undefined],
    ['garbage', undefined],
    ['', undefined],
  ];
  for (const [text, time] of cases) {
    it(`reads ${JSON.stringify(text)} as ${String(time)}`, () => assert.equal(peekTime(Buffer.from(text)), time));
  }
});
