import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeInstance, processesMentioning, readJson, startSs, waitFor, type RunningSs, type TestInstance } from '../helpers/instance.js';

const HOSTS = `[class lab]
hosts = h1 h2 h3
check schedule = fast

[group answer]
hosts = h1 h2 h3
`;
const CHECKS = `[check answer]
module = answer
timeout = 10 seconds
`;
const SCHEDULES = `[schedule fast]
rule = every 1 second
`;

const running: RunningSs[] = [];
after(() => {
  for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
});

function start(inst: TestInstance, args: string[] = []): RunningSs {
  const ss = startSs(inst, args);
  running.push(ss);
  return ss;
}

const statusPath = (i: TestInstance, h: string, s: string): string => join(i.stateDir, 'host', h, s, 'checkstatus');
const historyPath = (i: TestInstance, h: string, s: string): string => join(i.historyDir, 'host', h, s, 'checkhistory');

async function historyLines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
}

async function checkedStatus(i: TestInstance, h: string, s: string): Promise<{ rc: number; time: number } | undefined> {
  try {
    const st = (await readJson(statusPath(i, h, s))) as { rc: number; time: number };
    return st.rc !== 7 && st.time > 0 ? st : undefined;
  } catch {
    return undefined;
  }
}

describe('ss end to end', () => {
  it('gives every configured pair a checkstatus and a checkhistory, and reloads on SIGHUP', async () => {
    const inst = await makeInstance();
    await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES });
    const ss = start(inst);
    for (const h of ['h1', 'h2', 'h3']) {
      const st = await waitFor(`checkstatus of answer@${h}`, () => checkedStatus(inst, h, 'answer'));
      assert.equal(st.rc, 0, JSON.stringify(st));
      await waitFor(`checkhistory of answer@${h}`, async () => (await historyLines(historyPath(inst, h, 'answer'))).length > 0);
    }
    assert.ok(existsSync(inst.pidFile), 'pidfile written');
    assert.match(ss.stdout(), /state: +.*var\/state/);

    // A broken check.cf is reported with its file and line; the old configuration keeps running.
    await inst.writeConfig({ check: CHECKS + '\n[check broken]\nmodule = answer\nnonsense key = 1\n' });
    ss.child.kill('SIGHUP');
    await waitFor('the reload error in the log', () => /check\.cf:7/.test(ss.stderr()));
    const before = (await historyLines(historyPath(inst, 'h1', 'answer'))).length;
    await waitFor('checks to go on with the old configuration', async () => (await historyLines(historyPath(inst, 'h1', 'answer'))).length > before + 1);

    // A changed configuration adds new pairs and prunes removed pairs' state, keeping their history.
    await inst.writeConfig({
      host: HOSTS.replace('hosts = h1 h2 h3\ncheck', 'hosts = h1 h2 h3 h4\ncheck').replace('[group answer]\nhosts = h1 h2 h3', '[group answer]\nhosts = h1 h2 h4'),
      check: CHECKS,
    });
    ss.child.kill('SIGHUP');
    await waitFor('the new pair answer@h4 to be checked', () => checkedStatus(inst, 'h4', 'answer'));
    await waitFor('the state of answer@h3 to be pruned', () => !existsSync(join(inst.stateDir, 'host', 'h3', 'answer')));
    assert.ok((await historyLines(historyPath(inst, 'h3', 'answer'))).length > 0, 'history of a removed pair is kept');

    ss.child.kill('SIGTERM');
    assert.deepEqual(await ss.exited, { code: 0, signal: null });
    assert.ok(!existsSync(inst.pidFile), 'pidfile removed');
  });

  it('refuses a second scheduler on the same instance', async () => {
    const inst = await makeInstance();
    await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES });
    const first = start(inst);
    await waitFor('the pidfile', () => existsSync(inst.pidFile));
    const second = start(inst);
    const { code } = await second.exited;
    assert.equal(code, 1);
    assert.match(second.stderr(), /another scheduler is running/);
    first.child.kill('SIGTERM');
    assert.equal((await first.exited).code, 0);
  });

  it('exits 0 on SIGTERM while a module hangs, leaving no process and no pidfile', async () => {
    const inst = await makeInstance();
    await inst.writeConfig({
      host: HOSTS + '\n[group hang]\nhosts = h1\n',
      check: CHECKS + '\n[check hang]\nmodule = hang\ntimeout = 5 minutes\n',
      schedule: SCHEDULES,
    });
    const ss = start(inst);
    await waitFor('the hanging module to start', async () => {
      for (const pid of await processesMentioning(inst.dir)) {
        const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        if (cmd.includes('mod/check/hang')) return true;
      }
      return false;
    });
    const t0 = Date.now();
    ss.child.kill('SIGTERM');
    const exit = await ss.exited;
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.ok(Date.now() - t0 < 10_000, 'stopped within 10 s');
    assert.ok(!existsSync(inst.pidFile), 'pidfile removed');
    assert.deepEqual(await waitFor('processes of the instance to disappear', async () => ((await processesMentioning(inst.dir)).length === 0 ? [] : false), 3000), []);
  });

  it('leaves parseable state after kill -9 under heavy writing, and parseable history after a restart', async () => {
    const inst = await makeInstance();
    const hosts = Array.from({ length: 40 }, (_, i) => `n${i}`).join(' ');
    await inst.writeConfig({
      host: `[class lab]\nhosts = ${hosts}\ncheck schedule = fast\n\n[group answer]\nhosts = ${hosts}\n`,
      check: CHECKS,
      schedule: SCHEDULES,
    });
    for (let round = 0; round < 3; round++) {
      const ss = start(inst);
      await waitFor('checks to be running', async () => (await historyLines(historyPath(inst, 'n39', 'answer'))).length > round);
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
      ss.child.kill('SIGKILL');
      await ss.exited;
      for (const h of await readdir(join(inst.stateDir, 'host'))) {
        for (const s of await readdir(join(inst.stateDir, 'host', h))) {
          const text = await readFile(statusPath(inst, h, s), 'utf8');
          assert.doesNotThrow(() => JSON.parse(text), `checkstatus of ${s}@${h} parses after kill -9`);
        }
      }
    }
    const restartedAt = Date.now();
    const ss = start(inst);
    await waitFor('the restarted scheduler to check again', async () => {
      const st = await checkedStatus(inst, 'n0', 'answer');
      return st !== undefined && st.time > restartedAt;
    });
    ss.child.kill('SIGTERM');
    assert.equal((await ss.exited).code, 0);
    let lines = 0;
    for (const h of await readdir(join(inst.historyDir, 'host'))) {
      const text = await readFile(historyPath(inst, h, 'answer'), 'utf8');
      assert.ok(text.endsWith('\n'), `history of answer@${h} ends with a complete line`);
      for (const line of text.split('\n').filter((l) => l !== '')) {
        assert.doesNotThrow(() => JSON.parse(line), `history line of answer@${h} parses: ${line}`);
        lines++;
      }
    }
    assert.ok(lines > 40, `history has records (${lines})`);
    assert.deepEqual(await waitFor('executors to exit', async () => ((await processesMentioning(inst.dir)).length === 0 ? [] : false), 5000), []);
  });
});
