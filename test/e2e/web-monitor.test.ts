import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { hashPassword } from '../../src/web/password-hash.js';
import { setUser } from '../../src/web/users-file.js';
import { freePort } from '../helpers/free-port.js';
import { makeInstance, waitFor, type RunningSs, type TestInstance } from '../helpers/instance.js';
import { projectRoot } from '../helpers/project.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'monitor e2e password';

/** `ss -D` from the same build tree as this test (dist/ under make test, a private tree otherwise). */
function startSsHere(inst: TestInstance): RunningSs {
  const main = fileURLToPath(new URL('../../src/daemon/ss-main.js', import.meta.url));
  const code = `const { main } = await import(${JSON.stringify(main)}); await main({ prefix: ${JSON.stringify(projectRoot)}, script: ${JSON.stringify(join(projectRoot, 'sbin', 'ss'))}, argv: process.argv.slice(1) });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code, '--', '-D', '-I', inst.instanceFile, '-i', inst.name, '-m', inst.moduleDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (c, signal) => resolve({ code: c, signal })));
  return { child, exited, stderr: () => err, stdout: () => out };
}

let ss: RunningSs | undefined;
let browser: BrowserContext | undefined;
after(async () => {
  await browser?.close();
  if (ss?.child.exitCode === null) ss.child.kill('SIGKILL');
});

describe('the web monitor in a browser', () => {
  it('shows the pairs, updates a row live, logs in and acknowledges from the page', { timeout: 60_000 }, async () => {
    // Never skipped: a missing browser is a failure (.ci/run installs Debian's chromium).
    assert.ok(existsSync(CHROMIUM), `needs ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
    const port = await freePort();
    const inst = await makeInstance({ extra: `web listen = 127.0.0.1:${port}\nweb users file = users.cf\n` });
    await inst.writeConfig({
      host: '[class lab]\nhosts = h1 h2\ncheck schedule = fast\n\n[group answer]\nhosts = h1 h2\n',
      check: '[check answer]\nmodule = answer\ntimeout = 10 seconds\n',
      schedule: '[schedule fast]\nrule = every 1 second\n',
    });
    await writeFile(join(inst.tmpDir, 'rc-answer'), '0');
    // `web users file = users.cf` is relative to the prefix, which is the checkout for ss; keep the file in the temp instance instead.
    const usersFile = join(inst.dir, 'users.cf');
    await writeFile(inst.instanceFile, (await readFile(inst.instanceFile, 'utf8')).replace('web users file = users.cf', `web users file = ${usersFile}`));
    await setUser(usersFile, 'alice', await hashPassword(PASSWORD), 'exec');
    await setUser(usersFile, 'root', await hashPassword(PASSWORD), 'admin');

    ss = startSsHere(inst);
    const base = `http://127.0.0.1:${port}`;
    await waitFor('the web monitor inside ss', async () => (await fetch(`${base}/api/instance`).catch(() => undefined))?.ok === true).catch((err: Error) => {
      throw new Error(`${err.message}\n${ss?.stderr() ?? ''}`);
    });

    const profile = await makeTempDir('survivor-chromium-');
    // A fresh profile directory: playwright passes it as --user-data-dir.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`${base}/monitor/`);
    const row = page.locator('#pairs tbody tr[data-pair="answer@h1"]');
    await row.locator('td.state', { hasText: 'OK' }).waitFor({ timeout: 20_000 });
    assert.equal(await row.getAttribute('class'), 'c-ok');
    assert.match((await page.locator('#scheduler').textContent()) ?? '', /scheduler running/);

    await page.fill('#login-user', 'alice');
    await page.fill('#login-password', PASSWORD);
    await page.click('#login button[type=submit]');
    await page.locator('#whoami', { hasText: 'alice (exec)' }).waitFor();

    // Live: the page is not reloaded; the row changes when the module's answer does.
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
    await writeFile(join(inst.tmpDir, 'rc-answer'), '1');
    await row.locator('td.state', { hasText: 'Error' }).waitFor({ timeout: 20_000 });
    assert.equal(await row.getAttribute('class'), 'c-problem');
    assert.equal(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker), 42, 'updated without a reload');

    await row.click();
    await page.locator('#detail-title', { hasText: 'answer@h1' }).waitFor();
    await page.fill('#action-comment', 'looking into it');
    await page.click('#actions button[data-action="acknowledge"]');
    await page.locator('#message', { hasText: 'answer@h1: acknowledged' }).waitFor();
    await row.locator('td.state', { hasText: 'Pause' }).waitFor();
    assert.equal(await row.getAttribute('class'), 'c-quiet');

    const ack = JSON.parse(await readFile(join(inst.stateDir, 'host', 'h1', 'answer', 'acknowledge'), 'utf8')) as { who: string; comment: string };
    assert.deepEqual([ack.who, ack.comment], ['alice', 'looking into it']);
    const commands = (await readFile(join(inst.historyDir, 'host', 'h1', 'answer', 'commandhistory'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { command: string; who: string });
    assert.ok(commands.some((c) => c.command === 'acknowledge' && c.who === 'alice'), JSON.stringify(commands));

    await mkdir(join(projectRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(projectRoot, 'test-artifacts', 'monitor.png'), fullPage: true });

    // An admin reloads, then shuts down the scheduler through the API (signals to the pid in the pidfile).
    const login = (await (await fetch(`${base}/api/login`, { method: 'POST', body: JSON.stringify({ user: 'root', password: PASSWORD }) })).json()) as { token: string };
    const control = (verb: string): Promise<Response> => fetch(`${base}/api/scheduler/${verb}`, { method: 'POST', headers: { authorization: `Bearer ${login.token}` } });
    assert.equal((await control('reload')).status, 202);
    await waitFor('the reload in the log', () => ss?.stderr().includes('configuration reloaded'));
    assert.equal((await control('shutdown')).status, 202);
    const exit = await ss.exited;
    assert.equal(exit.code, 0, ss.stderr());
  });
});
