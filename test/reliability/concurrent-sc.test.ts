/**
 * Fault 7 (issue item 7): many `sc acknowledge|unacknowledge|inhibit|uninhibit|reschedule`
 * processes at once against a busy scheduler. test/state/concurrent-writers.test.ts and
 * alert-store-concurrency.test.ts prove the store under parallel writers; this adds the
 * real `sc` processes, the running daemon and the command-level bookkeeping.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeInstance, readJson, startSs, waitFor, type RunningSs } from '../helpers/instance.js';
import { runSc, type ScRun } from '../helpers/run-sc.js';
import { recordFigures, scaled } from './chaos-mode.js';
import { historyOf, parseHistoryLines, parseStateFiles } from './reliability-instance.js';

const CALLS = scaled(100, 1000);
const BATCH = 25;
const HOSTS = ['h1', 'h2', 'h3', 'h4'];
const COMMANDS = ['acknowledge', 'unacknowledge', 'inhibit', 'uninhibit', 'reschedule'] as const;

const running: RunningSs[] = [];
after(() => {
  for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
});

interface Call {
  readonly n: number;
  readonly command: (typeof COMMANDS)[number];
  readonly host: string;
  readonly run: ScRun;
}

describe('sc commands in parallel with a busy scheduler', () => {
  it(`applies or refuses each of ${CALLS} parallel commands, loses no update and corrupts no file`, { timeout: scaled(58_000, 1_800_000) }, async () => {
    const inst = await makeInstance();
    await inst.writeConfig({
      host: `[class lab]\nhosts = ${HOSTS.join(' ')}\ncheck schedule = fast\nalert plan = never\n\n[group answer]\nhosts = ${HOSTS.join(' ')}\n`,
      check: '[check answer]\nmodule = answer\ntimeout = 10 seconds\n',
      // The pairs fail (so acknowledge is allowed) but never page: the test is about the operator's files.
      schedule: '[schedule fast]\nrule = every 1 second\n\n[alertplan never]\non = default\nafter = 1000000 check failures\nusing = fast\ntry = remaining\nalert = ops\n',
      calllist: '[alert mail]\nformat = full\ntransmit = mail\n\n[person alice]\nnotify = alice@example.test via mail\n\n[calllist ops]\nmembers = alice\nvia = mail\n',
    });
    await writeFile(join(inst.tmpDir, 'rc'), '1');
    const ss = startSs(inst);
    running.push(ss);
    await waitFor('every pair to have failed once', async () => {
      for (const h of HOSTS) if (((await readJson(join(inst.stateDir, 'host', h, 'answer', 'checkstatus')).catch(() => undefined)) as { rc?: number } | undefined)?.rc !== 1) return false;
      return true;
    }, 20_000);

    const calls: Call[] = [];
    const started = Date.now();
    for (let first = 0; first < CALLS; first += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, CALLS - first) }, (_, i) => {
        const n = first + i;
        const command = COMMANDS[Math.floor(Math.random() * COMMANDS.length)]!;
        const host = HOSTS[Math.floor(Math.random() * HOSTS.length)]!;
        return runSc(inst, ['-c', `op-${n}`, command, `answer@${host}`]).then((run) => ({ n, command, host, run }));
      });
      calls.push(...(await Promise.all(batch)));
      const state = await parseStateFiles(inst);
      assert.deepEqual(state.bad, [], `no corrupt state file after ${calls.length} commands`);
    }
    const elapsed = Date.now() - started;
    ss.child.kill('SIGTERM');
    assert.equal((await ss.exited).code, 0, ss.stderr().slice(-2000));

    const history = await parseHistoryLines(inst);
    assert.deepEqual(history.bad, [], 'every history line parses');
    let applied = 0;
    let refused = 0;
    for (const h of HOSTS) {
      const records = await historyOf(inst, 'commandhistory', 'answer', h);
      const byComment = new Map<string, Record<string, unknown>[]>();
      for (const r of records) byComment.set(String(r.comment), [...(byComment.get(String(r.comment)) ?? []), r]);
      for (const call of calls.filter((c) => c.host === h)) {
        const what = `sc ${call.command} answer@${h} (op-${call.n}): exit ${call.run.code} ${call.run.stdout}${call.run.stderr}`;
        const mine = byComment.get(`op-${call.n}`) ?? [];
        if (call.run.code === 0) {
          applied++;
          assert.equal(call.run.stderr, '', what);
          if (call.command === 'reschedule') assert.match(call.run.stdout, /^answer@h\d: reschedule requested\n$/, what);
          assert.equal(mine.length, 1, `applied, so recorded once: ${what}`);
        } else {
          refused++;
          assert.equal(call.run.code, 1, what);
          assert.equal(call.run.stderr.trimEnd().split('\n').length, 1, `refused with one line: ${what}`);
          assert.match(call.run.stderr, /^sc: /, what);
          assert.equal(mine.length, 0, `refused, so not recorded: ${what}`);
        }
      }
      // Serialised under the pair lock, applied acknowledges and unacknowledges alternate (each is refused
      // in the state the other leaves), and so do inhibits and uninhibits; the files match the last one.
      const order = records.map((r) => String(r.command));
      const acks = order.filter((c) => c === 'acknowledge' || c === 'unacknowledge');
      const inhibits = order.filter((c) => c === 'inhibit' || c === 'uninhibit');
      acks.forEach((c, i) => assert.equal(c, i % 2 === 0 ? 'acknowledge' : 'unacknowledge', `acknowledge history of ${h} alternates: ${acks.join(' ')}`));
      inhibits.forEach((c, i) => assert.equal(c, i % 2 === 0 ? 'inhibit' : 'uninhibit', `inhibit history of ${h} alternates: ${inhibits.join(' ')}`));
      const ack = await readJson(join(inst.stateDir, 'host', h, 'answer', 'acknowledge')).catch(() => undefined);
      const noalert = await readJson(join(inst.stateDir, 'host', h, 'answer', 'noalert')).catch(() => undefined);
      assert.equal(ack !== undefined, acks.at(-1) === 'acknowledge', `acknowledge file of ${h} matches the last applied command`);
      assert.equal(noalert !== undefined, inhibits.at(-1) === 'inhibit', `noalert file of ${h} matches the last applied command`);
    }
    assert.ok(applied > CALLS / 5 && refused > 0, `both outcomes happened (${applied} applied, ${refused} refused)`);
    recordFigures('concurrent-sc', { calls: CALLS, parallel: BATCH, applied, refused, commandsPerSecond: Math.round((CALLS * 1000) / elapsed), historyLinesParsed: history.lines });
  });
});
