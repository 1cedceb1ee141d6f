import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { makeInstance, startSs, waitFor, type RunningSs, type TestInstance } from '../helpers/instance.js';
import { projectRoot } from '../helpers/project.js';
import { scOk as ok, scRefused as refused } from '../helpers/run-sc.js';

const run = promisify(execFile);
const SOCKET = `survivor-monitor-${process.pid}`;
const tmux = async (...args: string[]): Promise<string> => (await run('tmux', ['-L', SOCKET, ...args])).stdout;
const running: RunningSs[] = [];
after(async () => {
  for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  await tmux('kill-server').catch(() => undefined);
});

async function monitoredInstance(): Promise<TestInstance> {
  const inst = await makeInstance();
  await inst.writeConfig({
    host: '[class lab]\nhosts = h1 h2\ncheck schedule = fast\n\n[group web]\nhosts = h1 h2\n\n[group db]\nhosts = h1\n',
    check: '[check web]\nmodule = answer\n\n[check db]\nmodule = answer\n',
    schedule: '[schedule fast]\nrule = every 1 second\n',
  });
  return inst;
}

/** Starts `sc monitor` in a detached 80×24 tmux session that prints EXITED-<code> when sc ends. */
async function startMonitor(inst: TestInstance, session: string, args: string[]): Promise<void> {
  const sc = [join(projectRoot, 'sbin', 'sc'), '-I', inst.instanceFile, '-i', inst.name, '-m', inst.moduleDir, ...args, 'monitor'].join(' ');
  await tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', `${sc}; echo EXITED-$?; sleep 60`);
}

const pane = (session: string): Promise<string> => tmux('capture-pane', '-p', '-t', session);
const flags = async (session: string): Promise<string> => (await tmux('display-message', '-p', '-t', session, '#{alternate_on} #{cursor_flag}')).trim();
const rowOf = (screen: string, pair: string): string | undefined => screen.split('\n').find((l) => l.startsWith(`${pair} `));

describe('sc monitor', () => {
  it('shows a live 80-column table in tmux, follows a state change within one refresh and leaves the terminal clean on q', async () => {
    const inst = await monitoredInstance();
    const ss = startSs(inst);
    running.push(ss);
    await waitFor('web@h1 checked', async () => (await readFile(join(inst.stateDir, 'host', 'h1', 'web', 'checkstatus'), 'utf8').catch(() => '')).includes('"rc":0'));
    await ok(inst, ['-c', 'a comment far too long for the eighty columns of this terminal window', 'disable', 'db@h1']);
    await startMonitor(inst, 'live', []);

    const first = await waitFor('the table', async () => {
      const s = await pane('live');
      return rowOf(s, 'web@h1')?.includes(' OK ') === true && rowOf(s, 'db@h1') !== undefined ? s : undefined;
    });
    assert.equal(await flags('live'), '1 0', 'alternate screen, hidden cursor');
    assert.match(first, /^Survivor t — 3 pairs/);
    assert.match(rowOf(first, 'db@h1') ?? '', / Disabled /);
    for (const line of first.split('\n')) assert.ok([...line].length <= 80, `fits 80 columns: ${line}`);

    await writeFile(join(inst.tmpDir, 'rc-web'), '1');
    await waitFor('ss to record the problem', async () => (await readFile(join(inst.stateDir, 'host', 'h2', 'web', 'checkstatus'), 'utf8')).includes('"rc":1,'));
    const shown = await waitFor('the problem on screen within one refresh', async () => rowOf(await pane('live'), 'web@h2')?.includes(' PROBLEM ') === true || undefined, 2500);
    assert.equal(shown, true);

    await tmux('send-keys', '-t', 'live', 'q');
    const after = await waitFor('sc to exit', async () => {
      const s = await pane('live');
      return s.includes('EXITED-') ? s : undefined;
    });
    assert.match(after, /^EXITED-0$/m);
    assert.doesNotMatch(after, /SERVICE@HOST|web@h1/, 'the normal screen is back');
    assert.equal(await flags('live'), '0 1', 'normal screen, visible cursor');
    ss.child.kill('SIGTERM');
    await ss.exited;
  });

  it('filters with -o match and pair arguments, quits on Ctrl-C, and prints once when not on a terminal', async () => {
    const inst = await monitoredInstance();
    await ok(inst, ['-o', 'rc=1', 'trip', 'web@h2']);
    await ok(inst, ['-o', 'rc=0', 'trip', 'web@h1']);
    await startMonitor(inst, 'errors', ['-o', 'match=error']);
    const screen = await waitFor('the filtered table', async () => {
      const s = await pane('errors');
      return rowOf(s, 'web@h2') !== undefined ? s : undefined;
    });
    assert.equal(rowOf(screen, 'web@h1'), undefined, 'OK pairs are filtered out');
    await tmux('send-keys', '-t', 'errors', 'C-c');
    await waitFor('sc to exit on Ctrl-C', async () => (await pane('errors')).includes('EXITED-0'));
    assert.equal(await flags('errors'), '0 1');

    const once = await ok(inst, ['monitor', 'web']);
    const lines = once.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(2, -1).map((l) => l.split(' ')[0]), ['web@h1', 'web@h2']);
    const json = JSON.parse((await ok(inst, ['-o', 'match=error', '--json', 'monitor'])).stdout) as { service: string; host: string; rc: number }[];
    assert.deepEqual(json.map((v) => [`${v.service}@${v.host}`, v.rc]), [['web@h2', 1]]);
    await refused(inst, ['-o', 'match=broken', 'monitor'], 2, /^sc: monitor: -o match= takes error, addressed, escalated, stalled or disabled, got "broken"$/);
    await refused(inst, ['-o', 'refresh=soon', 'monitor'], 2, /^sc: monitor: -o refresh= takes a duration/);
    await refused(inst, ['monitor', 'nosuch'], 1, /^sc: nosuch: neither a configured check nor a monitored host$/);
  });
});
