import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { makeInstance, waitFor, type TestInstance } from '../helpers/instance.js';
import { projectRoot } from '../helpers/project.js';

const run = promisify(execFile);
const HOSTS = '[class lab]\nhosts = h1\ncheck schedule = fast\n\n[group answer]\nhosts = h1\n';
const CHECKS = '[check answer]\nmodule = answer\ntimeout = 10 seconds\n';
const SCHEDULES = '[schedule fast]\nrule = every 1 second\n';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidIn(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(' ').filter((s) => s !== '').map(Number);
}

async function ready(inst: TestInstance): Promise<TestInstance> {
  await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES });
  return inst;
}

const ssArgs = (inst: TestInstance): string[] => ['-I', inst.instanceFile, '-i', inst.name, '-m', inst.moduleDir];

describe('ss lifecycle', () => {
  it('daemonizes: returns at once, keeps running from the pidfile, logs beside the state, stops on SIGTERM', async () => {
    const inst = await ready(await makeInstance());
    const { stdout } = await run(join(projectRoot, 'sbin', 'ss'), ssArgs(inst));
    const pid = pidIn(inst.pidFile);
    assert.ok(pid !== undefined && alive(pid), 'the daemon runs');
    assert.match(stdout, new RegExp(`started \\(pid ${pid}\\)`));
    await waitFor('a check result', () => existsSync(join(inst.stateDir, 'host', 'h1', 'answer', 'checkstatus')) && existsSync(join(inst.historyDir, 'host', 'h1', 'answer', 'checkhistory')));
    assert.match(await readFile(join(inst.dir, 'var', 'ss.log'), 'utf8'), /scheduler started/);
    process.kill(pid, 'SIGTERM');
    await waitFor('the daemon to stop', () => !alive(pid));
    assert.ok(!existsSync(inst.pidFile));
  });

  it('is driven by etc/init.d/survivor: start, status, reload, stop', async () => {
    const inst = await ready(await makeInstance());
    const env = { ...process.env, PREFIX: projectRoot, INSTANCE: inst.name, PIDFILE: inst.pidFile, SS_ARGS: `-I ${inst.instanceFile} -m ${inst.moduleDir}`, DEFAULTS: '/nonexistent' };
    const script = join(projectRoot, 'etc', 'init.d', 'survivor');
    await run(script, ['start'], { env });
    const pid = pidIn(inst.pidFile);
    assert.ok(pid !== undefined && alive(pid));
    const status = await run(script, ['status'], { env });
    assert.match(status.stdout, new RegExp(`is running \\(pid ${pid}\\)`));
    await run(script, ['reload'], { env });
    await waitFor('the reload in the log', async () => /configuration reloaded/.test(await readFile(join(inst.dir, 'var', 'ss.log'), 'utf8')));
    await run(script, ['stop'], { env });
    assert.ok(!alive(pid));
    await assert.rejects(run(script, ['status'], { env }), (e: { code?: number }) => e.code === 3);
  });

  it('keepalive (-k) restarts a scheduler killed with SIGKILL and stops both on SIGTERM', { timeout: 120_000 }, async () => {
    const inst = await ready(await makeInstance());
    await run(join(projectRoot, 'sbin', 'ss'), ['-k', ...ssArgs(inst)]);
    const monitor = pidIn(inst.pidFile);
    assert.ok(monitor !== undefined && alive(monitor), 'the pidfile names the keepalive monitor');
    const first = await waitFor('the scheduler child', async () => (await childrenOf(monitor))[0]);
    process.kill(first, 'SIGKILL');
    // 1.0 restarts at most once a minute: the new scheduler comes within about 60 s.
    const second = await waitFor('a restarted scheduler', async () => (await childrenOf(monitor)).find((p) => p !== first), 90_000);
    assert.notEqual(second, first);
    process.kill(monitor, 'SIGTERM');
    await waitFor('monitor and scheduler to stop', () => !alive(monitor) && !alive(second), 15_000);
    assert.ok(!existsSync(inst.pidFile));
  });
});
