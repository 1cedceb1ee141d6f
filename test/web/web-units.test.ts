import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from '../../src/web/password-hash.js';
import { LoginThrottle } from '../../src/web/login-throttle.js';
import { cookieValue } from '../../src/web/request-auth.js';
import { allows, REQUIRED_ROLE, type Permission, type Role } from '../../src/web/roles.js';
import { parseUsers } from '../../src/web/users-file.js';
import { parseListen } from '../../src/web/web-server.js';

describe('roles', () => {
  const cases: [Role, Permission, boolean][] = [
    ['none', 'read', false],
    ['ro', 'read', true],
    ['ro', 'acknowledge', false],
    ['exec', 'acknowledge', true],
    ['exec', 'reschedule', true],
    ['exec', 'escalate', false],
    ['exec', 'fix', false],
    ['rw', 'trip', true],
    ['rw', 'scheduler-shutdown', false],
    ['admin', 'scheduler-restart', true],
  ];
  for (const [role, permission, expected] of cases) {
    it(`${expected ? 'lets' : 'does not let'} ${role} ${permission}`, () => assert.equal(allows(role, permission), expected));
  }
  it('needs at least ro for everything', () => {
    for (const p of Object.keys(REQUIRED_ROLE) as Permission[]) assert.equal(allows('none', p), false);
  });
});

describe('users.cf', () => {
  it('reads users and the anonymous role, and reports bad sections with their line', () => {
    const text = '[anonymous]\nrole = none\n\n[user a]\npassword = scrypt$1$1$1$AA==$AA==\nrole = rw\n\n[user b]\npassword = plain\nrole = ro\n\n[user c]\npassword = scrypt$x\nrole = king\n\n[team x]\nrole = ro\n';
    const users = parseUsers(text, 'users.cf');
    assert.equal(users.anonymous, 'none');
    assert.deepEqual([...users.users.keys()], ['a']);
    assert.equal(users.users.get('a')?.role, 'rw');
    assert.equal(users.problems.length, 3);
    assert.match(users.problems[0] ?? '', /^users\.cf:8: \[user b\] password/);
    assert.match(users.problems[1] ?? '', /^users\.cf:12: \[user c\] role: bad role/);
    assert.match(users.problems[2] ?? '', /^users\.cf:16: \[team x\]: unknown section/);
  });
});

describe('password hashes', () => {
  it('verifies the password a hash was made from, and nothing else', async () => {
    const hash = await hashPassword('s3cret password');
    assert.match(hash, /^scrypt\$16384\$8\$1\$/);
    assert.equal(await verifyPassword('s3cret password', hash), true);
    assert.equal(await verifyPassword('s3cret passwort', hash), false);
    for (const bad of ['', 'plain', 'scrypt$1$2', 'scrypt$99999999$8$1$AA==$AA==', hash.replace(/\$[^$]+$/, '$')]) {
      assert.equal(await verifyPassword('s3cret password', bad), false, bad);
    }
  });
});

describe('login throttle', () => {
  it('blocks a user name after five failures for the backoff, from any address, and forgets after it', () => {
    let now = 0;
    const t = new LoginThrottle({ clock: () => now, maxFailures: 5, backoffMs: 60_000 });
    for (let i = 0; i < 4; i++) t.failed('root', `10.0.0.${i}`);
    assert.equal(t.retryAfter('root', '10.0.0.9'), 0);
    t.failed('root', '10.0.0.5');
    assert.equal(t.retryAfter('root', '10.0.0.9'), 60_000);
    assert.equal(t.retryAfter('alice', '10.0.0.9'), 0);
    now += 60_000;
    assert.equal(t.retryAfter('root', '10.0.0.9'), 0);
  });
  it('blocks an address that guesses many names', () => {
    const t = new LoginThrottle({ clock: () => 0 });
    for (let i = 0; i < 5; i++) t.failed(`user${i}`, '192.0.2.1');
    assert.ok(t.retryAfter('someone', '192.0.2.1') > 0);
    assert.equal(t.retryAfter('someone', '192.0.2.2'), 0);
  });
  it('forgets failures older than the window', () => {
    let now = 0;
    const t = new LoginThrottle({ clock: () => now, windowMs: 1000 });
    for (let i = 0; i < 4; i++) t.failed('root', 'a');
    now = 2000;
    t.failed('root', 'a');
    assert.equal(t.retryAfter('root', 'a'), 0);
  });
});

describe('request parsing', () => {
  const cookies: [string | undefined, string | undefined][] = [
    [undefined, undefined],
    ['sw_token=abc', 'abc'],
    ['a=1; sw_token=x.y.z; b=2', 'x.y.z'],
    ['xsw_token=nope', undefined],
  ];
  for (const [header, expected] of cookies) it(`reads sw_token from ${String(header)}`, () => assert.equal(cookieValue(header, 'sw_token'), expected));

  it('parses listen addresses and refuses others', () => {
    assert.deepEqual(parseListen('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
    assert.deepEqual(parseListen('[::1]:0'), { host: '::1', port: 0 });
    for (const bad of ['8080', 'host:', 'host:99999', 'a:b']) assert.throws(() => parseListen(bad), /not a listen address/);
  });
});
