import { join } from 'node:path';
import { after } from 'node:test';
import type { Config } from '../../src/config/config-model.js';
import { loadConfig } from '../../src/config/load-config.js';
import { StateStore } from '../../src/state/state-store.js';
import { hashPassword } from '../../src/web/password-hash.js';
import type { Role } from '../../src/web/roles.js';
import { setUser } from '../../src/web/users-file.js';
import { startWebServer, type WebServer, type WebServerOptions } from '../../src/web/web-server.js';
import { makeInstance, type TestInstance } from '../helpers/instance.js';
import { projectRoot } from '../helpers/project.js';

export const PASSWORD = 'correct horse battery';
export const USERS: Readonly<Record<string, Role>> = { root: 'admin', ops: 'rw', runner: 'exec', viewer: 'ro' };

export interface WebFixture {
  readonly inst: TestInstance;
  readonly config: Config;
  readonly store: StateStore;
  readonly server: WebServer;
  /** Moves the server's clock (ms). */
  advance(ms: number): void;
  fetch(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  login(user: string): Promise<{ token: string; csrf: string; cookie: string }>;
}

/**
 * An instance (default: answer@h1, answer@h2 in class lab, group answer), four
 * users in its etc/users.cf (the default `web users file`, relative to the
 * instance's prefix), and an in-process web server on a free port.
 */
export async function webFixture(options: { extra?: string; server?: Partial<WebServerOptions>; instance?: (extra: string) => Promise<TestInstance> } = {}): Promise<WebFixture> {
  const extra = ['web token lifetime = 1 hour', options.extra ?? ''].join('\n');
  let inst: TestInstance;
  if (options.instance !== undefined) {
    inst = await options.instance(extra);
  } else {
    inst = await makeInstance({ extra });
    await inst.writeConfig({
      host: '[class lab]\nhosts = h1 h2\ncheck schedule = slow\n\n[group answer]\nhosts = h1 h2\n',
      check: '[check answer]\nmodule = answer\ntimeout = 10 seconds\n',
      schedule: '[schedule slow]\nrule = every 1 hour\n',
    });
  }
  const config = await loadConfig({ prefix: inst.dir, instanceFile: inst.instanceFile, moduleDir: inst.moduleDir });
  const hash = await hashPassword(PASSWORD);
  for (const [name, role] of Object.entries(USERS)) await setUser(config.instance.web.usersFile, name, hash, role);
  const store = new StateStore({ stateDir: inst.stateDir, historyDir: inst.historyDir, fsync: false });
  let offset = 0;
  const server = await startWebServer({ config: () => config, prefix: projectRoot, store, listen: '127.0.0.1:0', clock: () => Date.now() + offset, pollMs: 100, ...options.server });
  after(() => server.close());
  const f: WebFixture = {
    inst,
    config,
    store,
    server,
    advance(ms) {
      offset += ms;
    },
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
      if (init.json !== undefined) headers.set('content-type', 'application/json');
      return fetch(server.url + path, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
    },
    async login(user) {
      const res = await f.fetch('/api/login', { method: 'POST', json: { user, password: PASSWORD } });
      if (res.status !== 200) throw new Error(`login ${user}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { token: string; csrf: string };
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      return { token: body.token, csrf: body.csrf, cookie };
    },
  };
  return f;
}

/** Records a check result for answer@<host> as the scheduler would. */
export async function recordRc(store: StateStore, host: string, rc: number, comment = `rc ${rc}`): Promise<void> {
  await store.recordResult('answer', { result: { host, rc, scalar: 0, comment, duration: 5 }, startedAt: Date.now(), due: Date.now() - 10 });
}

export function historyFile(inst: TestInstance, host: string, kind: string): string {
  return join(inst.historyDir, 'host', host, 'answer', kind);
}
