import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load-config.js';
import { StateStore } from '../../src/state/state-store.js';
import { parseUsers } from '../../src/web/users-file.js';
import { verifyPassword } from '../../src/web/password-hash.js';
import { startWebServer } from '../../src/web/web-server.js';
import { freePort } from '../helpers/free-port.js';
import { makeInstance, waitFor, type TestInstance } from '../helpers/instance.js';
import { projectRoot } from '../helpers/project.js';

const HOSTS = '[class lab]\nhosts = h1\ncheck schedule = slow\n\n[group answer]\nhosts = h1\n';
const CHECKS = '[check answer]\nmodule = answer\n';
const SCHEDULES = '[schedule slow]\nrule = every 1 hour\n';

const children: ReturnType<typeof spawn>[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** sw from the same build tree as this test. */
function sw(inst: TestInstance, args: string[], stdin?: string): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; out: string; err: string }> } {
  const main = fileURLToPath(new URL('../../src/web/sw-main.js', import.meta.url));
  const code = `const { main } = await import(${JSON.stringify(main)}); const c = await main({ prefix: ${JSON.stringify(projectRoot)}, argv: process.argv.slice(1) }); if (c !== 0) process.exit(c);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code, '--', '-I', inst.instanceFile, '-i', inst.name, '-m', inst.moduleDir, ...args]);
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(stdin ?? '');
  return { child, done: new Promise((resolve) => child.on('close', (c) => resolve({ code: c, out, err }))) };
}

describe('sbin/sw', () => {
  it('adds a login with --passwd (password from stdin), then serves the instance until SIGTERM', async () => {
    const inst = await makeInstance({ extra: 'web users file = USERS\n' });
    const usersFile = join(inst.dir, 'users.cf');
    await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES });
    // The users file lives in the temp instance (its path is known only now).
    await writeFile(inst.instanceFile, (await readFile(inst.instanceFile, 'utf8')).replace('web users file = USERS', `web users file = ${usersFile}`));
    const short = await sw(inst, ['--passwd', 'bob', '--role', 'rw'], 'short\n').done;
    assert.equal(short.code, 2, short.err);
    const badRole = await sw(inst, ['--passwd', 'bob', '--role', 'king'], 'long enough password\n').done;
    assert.equal(badRole.code, 2);
    const added = await sw(inst, ['--passwd', 'bob', '--role', 'rw'], 'long enough password\n').done;
    assert.equal(added.code, 0, added.err);
    const users = parseUsers(await readFile(usersFile, 'utf8'), usersFile);
    assert.deepEqual(users.problems, []);
    assert.equal(users.users.get('bob')?.role, 'rw');
    assert.equal(await verifyPassword('long enough password', users.users.get('bob')?.passwordHash ?? ''), true);
    assert.equal((await stat(usersFile)).mode & 0o777, 0o600, 'password hashes are private');

    const port = await freePort();
    const served = sw(inst, ['--listen', `127.0.0.1:${port}`]);
    const body = await waitFor('sw to answer', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/api/instance`).catch(() => undefined);
      return res?.ok === true ? ((await res.json()) as { name: string; scheduler: { running: boolean } }) : undefined;
    });
    assert.deepEqual([body.name, body.scheduler.running], ['t', false]);
    const login = await fetch(`http://127.0.0.1:${port}/api/login`, { method: 'POST', body: JSON.stringify({ user: 'bob', password: 'long enough password' }) });
    assert.equal(login.status, 200);
    served.child.kill('SIGTERM');
    assert.equal((await served.done).code, 0);
  });

  it('speaks HTTPS when instance.cf names a certificate and key', async () => {
    const inst = await makeInstance();
    const cert = join(inst.dir, 'cert.pem');
    const key = join(inst.dir, 'key.pem');
    await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1']);
    await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES });
    await appendFile(inst.instanceFile, `web certificate = ${cert}\nweb key = ${key}\n`);
    const config = await loadConfig({ prefix: inst.dir, instanceFile: inst.instanceFile, moduleDir: inst.moduleDir });
    const store = new StateStore({ stateDir: inst.stateDir, historyDir: inst.historyDir, fsync: false });
    const server = await startWebServer({ config: () => config, prefix: projectRoot, store, listen: '127.0.0.1:0' });
    after(() => server.close());
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = await readFile(cert);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/instance`, { ca }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(answer.status, 200);
    assert.equal((JSON.parse(answer.body) as { name: string }).name, 't');
  });
});
