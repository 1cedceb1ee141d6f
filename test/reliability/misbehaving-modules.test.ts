/**
 * Fault 2: misbehaving modules, end to end. test/exec/run-check.test.ts and
 * run-process.test.ts prove each fixture's result through the runner alone;
 * this runs all of them side by side in one real `ss` with a healthy service,
 * and adds a module that forks 1,000 children.
 */
import assert from 'node:assert/strict';
import { chmod, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeInstance, processesMentioning, readJson, startSs, waitFor, type RunningSs } from '../helpers/instance.js';
import { fixtureModulesDir, projectRoot } from '../helpers/project.js';
import { recordFigures } from './chaos-mode.js';
import { historyOf } from './reliability-instance.js';

const NO_OUTPUT = 'Module is misconfigured (no output received)';

interface Case {
  readonly service: string;
  readonly module: string;
  readonly extra?: string;
  /** Expected checkstatus of every host: rc and a pattern for the comment. */
  readonly rc: number;
  readonly comment: RegExp;
  /** Heavy modules run once a minute, the others every second. */
  readonly slow?: boolean;
}

const CASES: readonly Case[] = [
  { service: 'hang', module: 'batch-sleep', extra: 'option.seconds = 300\ntimeout = 2 seconds', rc: 5, comment: /^Timed out$/ },
  { service: 'noterm', module: 'ignores-sigterm', extra: 'timeout = 2 seconds', rc: 5, comment: /^Timed out$/ },
  { service: 'grandchild', module: 'grandchild', rc: 0, comment: /^left a child behind$/ },
  { service: 'flood', module: 'huge-output', rc: 0, comment: /^before the flood$/, slow: true },
  { service: 'binary', module: 'garbage', rc: 4, comment: new RegExp(`^${escape(NO_OUTPUT)}: no valid result in the output$`) },
  { service: 'intruder', module: 'extra-hosts', rc: 0, comment: /^first answer$/ },
  { service: 'badrc', module: 'bad-rc', rc: 4, comment: /^Module returned invalid return code (1001|-1): / },
  { service: 'signal', module: 'exit-by-signal', extra: 'option.signal = SEGV', rc: 4, comment: new RegExp(`^${escape(NO_OUTPUT)}: killed by SIGSEGV$`) },
  { service: 'silent', module: 'no-output', rc: 4, comment: new RegExp(`^${escape(NO_OUTPUT)}: stderr: nothing to report today$`) },
  { service: 'noexec', module: 'not-executable', rc: 4, comment: /: cannot start: .*not-executable is not executable \(EACCES\)$/ },
  { service: 'nointerp', module: 'bad-interpreter', rc: 4, comment: /: cannot start: .*bad-interpreter: interpreter named on its #! line not found \(ENOENT\)$/ },
  { service: 'forker', module: 'forks-children', rc: 0, comment: /^forked 1000 children$/, slow: true },
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const HOSTS = ['h1', 'h2'];
const running: RunningSs[] = [];
after(() => {
  for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
});

describe('misbehaving modules in a running scheduler', () => {
  it('gives each its documented result, keeps the healthy service on schedule and leaves no process after SIGTERM', { timeout: 58_000 }, async () => {
    // Without smart scheduling: it would wait 30 s (reference 5.4) before the one retry of each silent module.
    const inst = await makeInstance({ extra: 'check workers = 20\nsmart scheduling = no' });
    for (const c of CASES) {
      const from = c.module === 'forks-children' ? join(projectRoot, 'test', 'reliability', 'fixtures', c.module) : join(fixtureModulesDir, 'check', c.module);
      await copyFile(from, join(inst.moduleDir, 'check', c.module));
      await chmod(join(inst.moduleDir, 'check', c.module), 0o755);
    }
    const hostList = HOSTS.join(' ');
    await inst.writeConfig({
      host: `[class lab]\nhosts = ${hostList}\ncheck schedule = fast\n\n[group healthy]\nhosts = h1\n\n${CASES.map((c) => `[group ${c.service}]\nhosts = ${hostList}\n`).join('\n')}`,
      check: `[check healthy]\nmodule = answer\n\n${CASES.map((c) => `[check ${c.service}]\nmodule = ${c.module}\n${c.slow === true ? 'schedule = slow\n' : ''}${c.extra === undefined ? '' : c.extra + '\n'}`).join('\n')}`,
      schedule: '[schedule fast]\nrule = every 1 second\n\n[schedule slow]\nrule = every 1 hour\n',
    });
    const ss = startSs(inst);
    running.push(ss);
    // The loader refuses a module without execute permission (sc checkcf says so); at run time it can still lose the bit.
    await waitFor('ss to start', async () => (await readJson(join(inst.stateDir, 'running', 'check')).catch(() => undefined)) !== undefined, 20_000);
    await chmod(join(inst.moduleDir, 'check', 'not-executable'), 0o644);
    const statusOf = async (service: string, host: string): Promise<{ rc: number; comment: string } | undefined> => {
      const st = (await readJson(join(inst.stateDir, 'host', host, service, 'checkstatus')).catch(() => undefined)) as { rc: number; comment: string } | undefined;
      return st === undefined || st.rc === 7 ? undefined : st;
    };
    const matches = async (c: Case, h: string): Promise<boolean> => {
      const st = await statusOf(c.service, h);
      return st !== undefined && st.rc === c.rc && c.comment.test(st.comment);
    };
    await waitFor('every misbehaving pair to have its documented result', async () => {
      for (const c of CASES) for (const h of HOSTS) if (!(await matches(c, h))) return false;
      return true;
    }, 30_000).catch(async (err: Error) => {
      const off = [];
      for (const c of CASES) for (const h of HOSTS) if (!(await matches(c, h))) off.push(`${c.service}@${h}: ${JSON.stringify(await statusOf(c.service, h))}`);
      throw new Error(`${err.message}: ${off.join('; ')}; ss said: ${ss.stderr().slice(-3000)}`);
    });
    for (const c of CASES) {
      for (const h of HOSTS) {
        const st = await statusOf(c.service, h);
        assert.equal(st?.rc, c.rc, `${c.service}@${h} (${c.module}): ${JSON.stringify(st)}`);
        assert.match(st?.comment ?? '', c.comment, `${c.service}@${h} (${c.module})`);
      }
    }
    // Keep watching while the slow modules' after-effects and the timeouts repeat: the healthy pair keeps its rhythm.
    const from = Date.now();
    await waitFor('two more timeouts of the hanging module', async () => (await historyOf(inst, 'checkhistory', 'hang', 'h1')).filter((r) => (r.time as number) >= from).length >= 2, 20_000);
    const until = Date.now();
    const healthy = (await historyOf(inst, 'checkhistory', 'healthy', 'h1')).map((r) => r.time as number);
    const watched = healthy.filter((t) => t >= from && t <= until);
    const gaps = healthy.slice(1).map((t, i) => t - healthy[i]!);
    const maxGap = Math.max(...gaps);
    // interval (1 s) + poll (1 s) + one check's duration on a busy machine.
    assert.ok(maxGap <= 4000, `healthy@h1 never waits more than interval + poll (+ slack): largest gap ${maxGap} ms`);
    assert.ok(watched.length >= Math.floor((until - from) / 1000) - 2, `healthy@h1 ran ${watched.length} times in ${until - from} ms`);

    ss.child.kill('SIGTERM');
    assert.equal((await ss.exited).code, 0, ss.stderr().slice(-2000));
    const left = await waitFor('no process of the instance', async () => ((await processesMentioning(inst.dir)).length === 0 ? [] : false), 10_000).catch(async () => processesMentioning(inst.dir));
    assert.deepEqual(left, [], 'no module, grandchild or forked child survives the daemon');
    recordFigures('misbehaving-modules', {
      modules: CASES.length,
      pairs: CASES.length * HOSTS.length,
      healthyRuns: healthy.length,
      healthyMaxGapMs: maxGap,
      watchedMs: until - from,
    });
  });
});
