import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallListStatus, Substitution } from '../../src/alert/call-list-state.js';
import { rotateOnCall } from '../../src/alert/rotate-on-call.js';
import type { CallListInput } from '../../src/alert/resolve-call-list.js';
import { resolveCallList } from '../../src/alert/resolve-call-list.js';
import type { CallList, Person } from '../../src/config/alert-model.js';
import { DAY, HOUR, at, every, local, schedule } from '../schedule/schedule-builders.js';
import { callList, person } from './plan-builders.js';

process.env.TZ = 'UTC';

const PERSONS: ReadonlyMap<string, Person> = new Map(
  [
    person('alice', { mail: 'alice@example.org', sms: '2125550101@sms.example.net' }),
    person('bob', {}, 'bob@example.org'),
    person('carol', { mail: 'carol@example.org' }, 'carol-other@example.org'),
    person('dave', { sms: '2125550104@sms.example.net' }),
  ].map((p) => [p.name, p]),
);

// 2024-06-03 is a Monday.
const NOW = local('2024-06-05T10:00:00');
const DAILY_NINE = schedule('daily', at('09:00'));

function resolve(list: CallList, state: CallListStatus | undefined, options: Partial<CallListInput> = {}) {
  return resolveCallList({ list, persons: PERSONS, state, substitutions: [], rotation: DAILY_NINE, now: NOW, ...options });
}

const notified = (p: string, address: string, alert = 'mail') => ({ person: p, address, alert });
const status = (fields: Omit<CallListStatus, 'version'>): CallListStatus => ({ version: 1, ...fields });
const sub = (replace: string, by: string, from: string, until: string): Substitution => ({ replace, with: by, from: local(from), until: local(until) });

describe('resolveCallList: simple lists', () => {
  const simple = callList('admins', ['alice', 'bob', 'carol'], 'simple');
  const cases: readonly { name: string; state: CallListStatus | undefined; person: string }[] = [
    { name: 'starts at the first member', state: undefined, person: 'alice' },
    { name: 'goes to the member after the last one notified', state: status({ lastNotified: notified('alice', 'alice@example.org') }), person: 'bob' },
    { name: 'wraps after the last member', state: status({ lastNotified: notified('carol', 'carol@example.org') }), person: 'alice' },
    { name: 'restarts at the first member when the last one left the list', state: status({ lastNotified: notified('zed', 'zed@example.org') }), person: 'alice' },
    {
      name: 'continues after the member whose turn it was when a substitute took it',
      state: status({ lastNotified: notified('carol', 'carol@example.org'), onCall: 'alice' }),
      person: 'bob',
    },
    { name: 'falls back to the last notified person when the stored turn left the list', state: status({ lastNotified: notified('alice', 'a'), onCall: 'zed' }), person: 'bob' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = resolve(simple, c.state);
      assert.deepEqual(got.recipients.map((r) => r.person), [c.person]);
      assert.equal(got.nextState.lastNotified?.person, c.person);
      assert.equal(got.nextState.onCall, c.person);
      assert.equal(got.changed, true);
    });
  }

  it('looks the address up by the list’s alert method, else `otherwise`', () => {
    assert.deepEqual(resolve(simple, undefined).recipients, [notified('alice', 'alice@example.org')]);
    assert.deepEqual(resolve(simple, status({ lastNotified: notified('alice', 'x') })).recipients, [notified('bob', 'bob@example.org')]);
  });

  it('hands the turn to an active substitute, remembering whose turn it was', () => {
    const got = resolve(simple, status({ lastNotified: notified('alice', 'alice@example.org') }), {
      substitutions: [sub('bob', 'carol', '2024-06-05T00:00:00', '2024-06-06T00:00:00')],
    });
    assert.deepEqual(got.recipients, [notified('carol', 'carol@example.org')]);
    assert.equal(got.nextState.onCall, 'bob');
    assert.equal(resolve(simple, got.nextState).recipients[0]?.person, 'carol');
  });

  it('reports a person without an address and leaves the state alone', () => {
    const got = resolve(callList('x', ['dave'], 'simple'), undefined);
    assert.deepEqual(got.recipients, []);
    assert.deepEqual(got.unreachable, ['dave']);
    assert.equal(got.changed, false);
  });

  it('an empty list reaches nobody', () => {
    assert.deepEqual(resolve(callList('x', [], 'simple'), undefined).recipients, []);
  });
});

describe('resolveCallList: substitutions', () => {
  const simple = callList('admins', ['alice', 'bob', 'carol'], 'simple');
  const cases: readonly { name: string; subs: Substitution[]; person: string }[] = [
    { name: 'applies from its first millisecond', subs: [sub('alice', 'bob', '2024-06-05T10:00:00', '2024-06-05T12:00:00')], person: 'bob' },
    { name: 'applies to its last millisecond (both bounds inclusive)', subs: [sub('alice', 'bob', '2024-06-05T08:00:00', '2024-06-05T10:00:00')], person: 'bob' },
    { name: 'not before it begins', subs: [{ replace: 'alice', with: 'bob', from: NOW + 1, until: NOW + HOUR }], person: 'alice' },
    { name: 'not after it ends', subs: [{ replace: 'alice', with: 'bob', from: NOW - HOUR, until: NOW - 1 }], person: 'alice' },
    { name: 'only for the person it replaces', subs: [sub('bob', 'carol', '2024-06-05T00:00:00', '2024-06-06T00:00:00')], person: 'alice' },
    {
      name: 'the first matching entry wins',
      subs: [sub('alice', 'carol', '2024-06-05T00:00:00', '2024-06-06T00:00:00'), sub('alice', 'bob', '2024-06-05T00:00:00', '2024-06-06T00:00:00')],
      person: 'carol',
    },
    {
      name: 'a substitute who is no longer a member is ignored',
      subs: [sub('alice', 'zed', '2024-06-05T00:00:00', '2024-06-06T00:00:00'), sub('alice', 'bob', '2024-06-05T00:00:00', '2024-06-06T00:00:00')],
      person: 'bob',
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(resolve(simple, undefined, { substitutions: c.subs }).recipients[0]?.person, c.person));
  }
});

describe('resolveCallList: broadcast lists', () => {
  it('notifies every member and changes no state, substitutions aside', () => {
    const list = callList('everyone', ['alice', 'bob', 'carol'], 'broadcast');
    const state = status({ lastNotified: notified('bob', 'b') });
    const got = resolve(list, state, { substitutions: [sub('alice', 'bob', '2024-06-01T00:00:00', '2024-06-30T00:00:00')] });
    assert.deepEqual(got.recipients, [notified('alice', 'alice@example.org'), notified('bob', 'bob@example.org'), notified('carol', 'carol@example.org')]);
    assert.equal(got.nextState, state);
    assert.equal(got.changed, false);
  });

  it('reports members without an address', () => {
    const got = resolve(callList('everyone', ['alice', 'dave'], 'broadcast'), undefined);
    assert.deepEqual(got.unreachable, ['dave']);
    assert.equal(got.recipients.length, 1);
  });
});

describe('resolveCallList: rotating lists', () => {
  const rotating = callList('oncall', ['alice', 'bob', 'carol'], 'rotating', { rotation: 'daily' });
  const cases: readonly { name: string; state: CallListStatus | undefined; onCall: string; lastRotate: number }[] = [
    { name: 'starts with the first member, on call from now', state: undefined, onCall: 'alice', lastRotate: NOW },
    {
      name: 'stays with the person on call until the next rotation instant',
      state: status({ onCall: 'bob', lastRotate: local('2024-06-05T09:00:00') }),
      onCall: 'bob',
      lastRotate: local('2024-06-05T09:00:00'),
    },
    {
      name: 'advances once per rotation instant missed (Tuesday and Wednesday 09:00)',
      state: status({ onCall: 'alice', lastRotate: local('2024-06-03T10:00:00') }),
      onCall: 'carol',
      lastRotate: NOW,
    },
    {
      name: 'wraps around a list after a long silence (7 instants, 3 members)',
      state: status({ onCall: 'alice', lastRotate: local('2024-05-29T09:30:00') }),
      onCall: 'bob',
      lastRotate: NOW,
    },
    {
      name: 'moves on even when a whole cycle brings the same person back',
      state: status({ onCall: 'alice', lastRotate: local('2024-06-02T10:00:00') }),
      onCall: 'alice',
      lastRotate: NOW,
    },
    { name: 'restarts at the first member when the person on call was removed', state: status({ onCall: 'zed', lastRotate: local('2024-06-05T09:30:00') }), onCall: 'alice', lastRotate: NOW },
    { name: 'keeps a declared on-call person without a rotation time, counting from now', state: status({ onCall: 'carol' }), onCall: 'carol', lastRotate: NOW },
    {
      name: 'an instant exactly at the last rotation is not counted again',
      state: status({ onCall: 'bob', lastRotate: local('2024-06-05T09:00:00') }),
      onCall: 'bob',
      lastRotate: local('2024-06-05T09:00:00'),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = resolve(rotating, c.state);
      assert.equal(got.nextState.onCall, c.onCall);
      assert.equal(got.nextState.lastRotate, c.lastRotate);
      assert.equal(got.recipients[0]?.person, c.onCall);
    });
  }

  it('a moved person stays on call (positions are remembered by name)', () => {
    const reordered = callList('oncall', ['carol', 'bob', 'alice'], 'rotating');
    const got = resolve(reordered, status({ onCall: 'bob', lastRotate: local('2024-06-04T09:30:00') }));
    assert.equal(got.nextState.onCall, 'alice');
  });

  it('a list without a rotation schedule never rotates', () => {
    const got = resolve(rotating, status({ onCall: 'bob', lastRotate: local('2024-01-01T00:00:00') }), { rotation: schedule('r', every(HOUR)) });
    assert.equal(got.nextState.onCall, 'bob');
    const none = resolveCallList({ list: rotating, persons: PERSONS, state: status({ onCall: 'bob', lastRotate: 1 }), substitutions: [], now: NOW });
    assert.equal(none.nextState.onCall, 'bob');
  });

  it('a substitute takes the page while the person on call stays on call', () => {
    const got = resolve(rotating, status({ onCall: 'alice', lastRotate: local('2024-06-05T09:00:00') }), {
      substitutions: [sub('alice', 'carol', '2024-06-05T00:00:00', '2024-06-05T23:59:59')],
    });
    assert.deepEqual(got.recipients, [notified('carol', 'carol@example.org')]);
    assert.equal(got.nextState.onCall, 'alice');
    assert.equal(got.nextState.lastNotified?.person, 'carol');
  });

  it('an alias reaches the same person by its own alert method, sharing the state', () => {
    const alias: CallList = { ...rotating, name: 'oncall-sms', via: 'sms', aliasOf: 'oncall' };
    const state = status({ onCall: 'alice', lastRotate: local('2024-06-05T09:00:00') });
    assert.deepEqual(resolve(alias, state).recipients, [notified('alice', '2125550101@sms.example.net', 'sms')]);
  });

  it('reports no change when nobody rotated and the same person is notified again', () => {
    const state = status({ onCall: 'bob', lastRotate: local('2024-06-05T09:00:00'), lastNotified: notified('bob', 'bob@example.org') });
    assert.equal(resolve(rotating, state).changed, false);
  });
});

describe('rotateOnCall', () => {
  it('counts nothing when the clock was set back before the last rotation', () => {
    const got = rotateOnCall(['a', 'b'], status({ onCall: 'b', lastRotate: NOW + DAY }), DAILY_NINE, NOW);
    assert.deepEqual(got, { onCall: 'b', lastRotate: NOW + DAY, changed: false });
  });

  it('has nobody on call for an empty list', () => {
    assert.equal(rotateOnCall([], undefined, DAILY_NINE, NOW).onCall, undefined);
  });
});
