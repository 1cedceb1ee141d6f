/**
 * Fault 4: hostile host and service names, end to end. test/config/config-fuzz.test.ts
 * proves the loader refuses random binary host names and test/state/write-failures.test.ts
 * that the store refuses escaping names; this adds `sc checkcf`, `ss` at start and at
 * SIGHUP, `sc` arguments, service names, and a before/after snapshot of everything
 * around the instance.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeInstance, startSs, waitFor, type RunningSs, type TestInstance } from '../helpers/instance.js';
import { runSc } from '../helpers/run-sc.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { recordFigures } from './chaos-mode.js';
import { historyOf, treeOf } from './reliability-instance.js';

/** Names that must never become a path component or reach a terminal unescaped. */
const HOSTILE: readonly [string, string][] = [
  ['dot-dot', '..'],
  ['dot', '.'],
  ['climb', '../../../../escaped'],
  ['slash', 'a/b'],
  ['absolute', '/tmp/survivor-escaped'],
  ['NUL', 'a\0b'],
  ['bell', 'a\x07b'],
  ['escape sequence', 'a\x1b[2Jb'],
  ['DEL', 'a\x7fb'],
  ['10,000 characters', 'h'.repeat(10_000)],
  ['Cyrillic look-alike', '\u04bbost'],
  ['fullwidth look-alike', '\uff48ost'],
  ['zero-width space', 'h1\u200b'],
  ['right-to-left override', 'h\u202e1'],
];

const GOOD_HOSTS = '[class lab]\nhosts = h1\ncheck schedule = fast\n\n[group answer]\nhosts = h1\n';
const GOOD_CHECKS = '[check answer]\nmodule = answer\ntimeout = 10 seconds\n';
const SCHEDULES = '[schedule fast]\nrule = every 1 second\n';

const running: RunningSs[] = [];
after(() => {
  for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
});

/** An instance five directories below a private root, so `..` climbs stay inside what the test snapshots. */
async function deepInstance(): Promise<{ root: string; inst: TestInstance }> {
  const root = await makeTempDir('survivor-hostile-');
  const deep = join(root, 'a', 'b', 'c', 'd');
  await mkdir(deep, { recursive: true });
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = deep;
  try {
    const inst = await makeInstance();
    await inst.writeConfig({ host: GOOD_HOSTS, check: GOOD_CHECKS, schedule: SCHEDULES });
    return { root, inst };
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/** Entries created under `root` since `before`, other than inside the instance's var/ directories. */
function strays(root: string, inst: TestInstance, before: Set<string>, now: Set<string>): string[] {
  const own = [inst.stateDir, inst.historyDir, inst.tmpDir].map((d) => relative(root, d));
  const pid = relative(root, inst.pidFile);
  return [...now].filter((p) => !before.has(p) && p !== pid && !own.some((d) => p === d || p.startsWith(d + '/')));
}

const hostCf = (name: string): string => `[class lab]\nhosts = h1 ${name}\ncheck schedule = fast\n\n[group answer]\nhosts = h1\n`;
const checkCf = (name: string): string => `${GOOD_CHECKS}\n[check ${name}]\nmodule = answer\n`;

describe('hostile host and service names', () => {
  it('are refused by sc checkcf with exit 3 and file:line, as hosts and as services, and ss will not start on them', async () => {
    const { root, inst } = await deepInstance();
    const before = await treeOf(root);
    let tried = 0;
    for (const [what, name] of HOSTILE) {
      for (const [file, files, line] of [
        ['host.cf', { host: hostCf(name), check: GOOD_CHECKS }, 2],
        ['check.cf', { host: GOOD_HOSTS, check: checkCf(name) }, 5],
      ] as const) {
        await inst.writeConfig(files);
        const r = await runSc(inst, ['checkcf']);
        tried++;
        assert.equal(r.code, 3, `checkcf refuses a ${what} name in ${file}: ${r.stdout}${r.stderr.slice(0, 400)}`);
        assert.match(r.stderr, new RegExp(`${file.replace('.', '\\.')}:${line}\\b`), `${what} in ${file} is reported at its line: ${r.stderr.slice(0, 400)}`);
      }
    }
    // All of them at once: the daemon refuses to start and touches nothing.
    await inst.writeConfig({ host: GOOD_HOSTS + HOSTILE.map(([, n], i) => `\n[class c${i}]\nhosts = ${n}\n`).join(''), check: GOOD_CHECKS });
    const ss = startSs(inst);
    running.push(ss);
    const exit = await ss.exited;
    assert.notEqual(exit.code, 0, 'ss does not start on a configuration with hostile names');
    assert.match(ss.stderr(), /host\.cf:\d+/);
    assert.deepEqual(strays(root, inst, before, await treeOf(root)), [], 'nothing created around the instance');
    recordFigures('hostile-names-config', { names: HOSTILE.length, checkcfRuns: tried });
  });

  it('are refused as sc arguments with exit 1 or 2 and one line, and a SIGHUP onto them keeps the running configuration', { timeout: 58_000 }, async () => {
    const { root, inst } = await deepInstance();
    const ss = startSs(inst);
    running.push(ss);
    await waitFor('answer@h1 to be checked', async () => (await historyOf(inst, 'checkhistory', 'answer', 'h1')).length > 0, 20_000);
    const before = await treeOf(root);
    // NUL cannot be passed in an argument vector at all (the kernel's strings end there).
    const names = [...HOSTILE.filter(([, n]) => !n.includes('\0')), ['line break', 'a\nb'] as const];
    const argvs = names.flatMap(([, n]) => [
      ['status', n],
      ['-c', 'x', 'acknowledge', `answer@${n}`],
      ['-c', 'x', 'inhibit', n],
      ['reschedule', `${n}@h1`],
      ['trip', `answer@${n}`],
      ['checkhistory', `answer@${n}`],
    ]);
    let refused = 0;
    for (let i = 0; i < argvs.length; i += 8) {
      const runs = await Promise.all(argvs.slice(i, i + 8).map(async (argv) => ({ argv, r: await runSc(inst, argv) })));
      for (const { argv, r } of runs) {
        const what = `sc ${JSON.stringify(argv).slice(0, 120)}: exit ${r.code} ${r.stderr.slice(0, 300)}`;
        assert.ok(r.code === 1 || r.code === 2, what);
        assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${what}`);
        // eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
        assert.ok(!/[\x00-\x08\x0b-\x1f\x7f]/.test(r.stderr), `no raw control character in: ${what}`);
        refused++;
      }
    }
    assert.deepEqual(strays(root, inst, before, await treeOf(root)), [], 'sc created nothing around the instance');

    // SIGHUP onto a configuration naming them: logged, refused, the old pairs keep running.
    await inst.writeConfig({ host: GOOD_HOSTS + HOSTILE.map(([, n], i) => `\n[class c${i}]\nhosts = ${n}\n`).join(''), check: GOOD_CHECKS });
    ss.child.kill('SIGHUP');
    await waitFor('the refused reload in the log', () => ss.stderr().includes('configuration not reloaded, keeping the running one'), 20_000);
    const mark = Date.now();
    await waitFor('answer@h1 to be checked after the refused reload', async () => ((await historyOf(inst, 'checkhistory', 'answer', 'h1')).at(-1)?.time as number) > mark, 20_000);
    ss.child.kill('SIGTERM');
    assert.equal((await ss.exited).code, 0, ss.stderr().slice(-2000));
    assert.deepEqual(strays(root, inst, before, await treeOf(root)), [], 'ss created nothing around the instance');
    recordFigures('hostile-names-sc', { scRefusals: refused });
  });
});
