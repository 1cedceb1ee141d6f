import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countRotations, nextRotationAfter, rotationInstants } from '../../src/schedule/rotation-instants.js';
import { DAY, HOUR, at, cron, every, local, never, schedule, wallText } from './schedule-builders.js';

process.env.TZ = 'UTC';

// 2024-06-03 is a Monday.
const monday = local('2024-06-03T00:00:00');

describe('rotation instants', () => {
  it('lists the at instants in (after, until]', () => {
    const s = schedule('r', at('monday 12:00', 'thursday 12:00'));
    const got = rotationInstants(s, local('2024-06-03T12:00:00'), local('2024-06-10T12:00:00')).map(wallText);
    assert.deepEqual(got, ['2024-06-06 12:00:00', '2024-06-10 12:00:00']);
  });

  it('counts the instants missed while nothing was sent', () => {
    const daily = schedule('r', at('12:30'));
    // Last rotation two days ago at 13:30, now 11:30: only yesterday's 12:30 was missed (1.0's own example).
    assert.equal(countRotations(daily, local('2024-06-01T13:30:00'), local('2024-06-03T11:30:00')), 1);
    assert.equal(countRotations(daily, local('2024-06-01T13:30:00'), local('2024-06-03T12:30:00')), 2);
  });

  it('counts cron instants and ignores every and never lines', () => {
    const s = schedule('r', never(), every(HOUR), cron('0 9 * * 1-5'));
    assert.equal(countRotations(s, monday, monday + 7 * DAY), 5);
  });

  it('rotates once when two lines fire at the same instant', () => {
    const s = schedule('r', at('09:00'), cron('0 9 * * *'));
    assert.equal(countRotations(s, monday, monday + DAY), 1);
  });

  it('counts nothing for an empty or reversed range', () => {
    const s = schedule('r', at('09:00'));
    assert.equal(countRotations(s, monday + DAY, monday), 0);
    assert.deepEqual(rotationInstants(s, monday, monday), []);
  });

  it('finds the next rotation instant, or none for a schedule without instants', () => {
    assert.equal(wallText(nextRotationAfter(schedule('r', at('friday 17:00')), monday) ?? 0), '2024-06-07 17:00:00');
    assert.equal(nextRotationAfter(schedule('r', every(HOUR)), monday), undefined);
  });
});
