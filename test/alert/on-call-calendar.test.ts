import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CallListStatus, Substitution } from '../../src/alert/call-list-state.js';
import type { OnCallPeriod } from '../../src/alert/on-call-calendar.js';
import { onCallCalendar, rotationCycleEnd } from '../../src/alert/on-call-calendar.js';
import { resolveCallList } from '../../src/alert/resolve-call-list.js';
import type { Person } from '../../src/config/alert-model.js';
import { DAY, HOUR, at, local, schedule, wallText } from '../schedule/schedule-builders.js';
import { callList, person } from './plan-builders.js';

process.env.TZ = 'UTC';

// 2024-06-03 is a Monday.
const WEEKLY = schedule('weekly', at('monday 12:00'));
const ROTATING = callList('oncall', ['alice', 'bob', 'carol'], 'rotating', { rotation: 'weekly' });
const START: CallListStatus = { version: 1, onCall: 'alice', lastRotate: local('2024-06-03T12:00:00') };

const text = (periods: readonly OnCallPeriod[]): string[] =>
  periods.map((p) => `${wallText(p.from)} .. ${wallText(p.until)} ${p.person}${p.replacing ? ` for ${p.replacing}` : ''}`);

describe('onCallCalendar', () => {
  it('lists who is on call between rotations', () => {
    const periods = onCallCalendar({ list: ROTATING, state: START, substitutions: [], rotation: WEEKLY, from: local('2024-06-05T00:00:00'), until: local('2024-06-20T00:00:00') });
    assert.deepEqual(text(periods), [
      '2024-06-05 00:00:00 .. 2024-06-10 12:00:00 alice',
      '2024-06-10 12:00:00 .. 2024-06-17 12:00:00 bob',
      '2024-06-17 12:00:00 .. 2024-06-20 00:00:00 carol',
    ]);
  });

  it('starts from the person on call at `from`, counting rotations missed since the stored state', () => {
    const periods = onCallCalendar({ list: ROTATING, state: START, substitutions: [], rotation: WEEKLY, from: local('2024-06-18T00:00:00'), until: local('2024-06-19T00:00:00') });
    assert.deepEqual(text(periods), ['2024-06-18 00:00:00 .. 2024-06-19 00:00:00 carol']);
  });

  it('splits a period where a substitution begins and ends (its end millisecond included)', () => {
    const subs: Substitution[] = [{ replace: 'alice', with: 'carol', from: local('2024-06-06T08:00:00'), until: local('2024-06-07T08:00:00') - 1 }];
    const periods = onCallCalendar({ list: ROTATING, state: START, substitutions: subs, rotation: WEEKLY, from: local('2024-06-05T00:00:00'), until: local('2024-06-11T00:00:00') });
    assert.deepEqual(text(periods), [
      '2024-06-05 00:00:00 .. 2024-06-06 08:00:00 alice',
      '2024-06-06 08:00:00 .. 2024-06-07 08:00:00 carol for alice',
      '2024-06-07 08:00:00 .. 2024-06-10 12:00:00 alice',
      '2024-06-10 12:00:00 .. 2024-06-11 00:00:00 bob',
    ]);
  });

  it('a substitution only covers the replaced person’s turn', () => {
    const subs: Substitution[] = [{ replace: 'alice', with: 'carol', from: local('2024-06-09T00:00:00'), until: local('2024-06-12T00:00:00') }];
    const periods = onCallCalendar({ list: ROTATING, state: START, substitutions: subs, rotation: WEEKLY, from: local('2024-06-08T00:00:00'), until: local('2024-06-11T00:00:00') });
    assert.deepEqual(text(periods), [
      '2024-06-08 00:00:00 .. 2024-06-09 00:00:00 alice',
      '2024-06-09 00:00:00 .. 2024-06-10 12:00:00 carol for alice',
      '2024-06-10 12:00:00 .. 2024-06-11 00:00:00 bob',
    ]);
  });

  it('a simple list names the member next in turn, substitutions included', () => {
    const simple = callList('admins', ['alice', 'bob'], 'simple');
    const state: CallListStatus = { version: 1, lastNotified: { person: 'alice', address: 'a', alert: 'mail' } };
    const subs: Substitution[] = [{ replace: 'bob', with: 'alice', from: local('2024-06-04T00:00:00'), until: local('2024-06-05T00:00:00') - 1 }];
    const periods = onCallCalendar({ list: simple, state, substitutions: subs, from: local('2024-06-03T00:00:00'), until: local('2024-06-06T00:00:00') });
    assert.deepEqual(text(periods), [
      '2024-06-03 00:00:00 .. 2024-06-04 00:00:00 bob',
      '2024-06-04 00:00:00 .. 2024-06-05 00:00:00 alice for bob',
      '2024-06-05 00:00:00 .. 2024-06-06 00:00:00 bob',
    ]);
  });

  it('has nothing to show for a broadcast list or an empty range', () => {
    assert.deepEqual(onCallCalendar({ list: callList('all', ['alice'], 'broadcast'), state: undefined, substitutions: [], from: 0, until: DAY }), []);
    assert.deepEqual(onCallCalendar({ list: ROTATING, state: START, substitutions: [], rotation: WEEKLY, from: DAY, until: DAY }), []);
  });

  it('agrees with resolveCallList at every instant (property)', () => {
    const persons: ReadonlyMap<string, Person> = new Map(['alice', 'bob', 'carol'].map((n) => [n, person(n, { mail: `${n}@example.org` })]));
    const rotation = schedule('r', at('09:00', 'thursday 17:30'));
    const from = local('2024-06-03T00:00:00');
    const names = ['alice', 'bob', 'carol', 'zed'];
    const substitution = fc.record({
      replace: fc.constantFrom(...names),
      with: fc.constantFrom(...names),
      from: fc.integer({ min: 0, max: 20 * 24 }).map((h) => from + h * HOUR),
      hours: fc.integer({ min: 0, max: 72 }),
    });
    fc.assert(
      fc.property(fc.array(substitution, { maxLength: 4 }), fc.integer({ min: 0, max: 14 * 24 * 60 - 1 }), fc.constantFrom('alice', 'bob', 'carol'), (raw, minute, onCall) => {
        const subs: Substitution[] = raw.map((s) => ({ replace: s.replace, with: s.with, from: s.from, until: s.from + s.hours * HOUR }));
        const state: CallListStatus = { version: 1, onCall, lastRotate: from - DAY };
        const periods = onCallCalendar({ list: ROTATING, state, substitutions: subs, rotation, from, until: from + 14 * DAY });
        const t = from + minute * 60_000;
        const period = periods.find((p) => p.from <= t && t < p.until);
        const resolved = resolveCallList({ list: ROTATING, persons, state, substitutions: subs, rotation, now: t });
        assert.equal(period?.person, resolved.recipients[0]?.person);
      }),
      { numRuns: 200 },
    );
  });
});

describe('rotationCycleEnd', () => {
  it('is the rotation instant after which every member has been on call once', () => {
    assert.equal(wallText(rotationCycleEnd(ROTATING, WEEKLY, local('2024-06-05T00:00:00')) ?? 0), '2024-06-24 12:00:00');
  });

  it('is undefined for lists that do not rotate', () => {
    assert.equal(rotationCycleEnd(callList('x', ['a'], 'simple'), WEEKLY, 0), undefined);
    assert.equal(rotationCycleEnd(ROTATING, undefined, 0), undefined);
  });
});
