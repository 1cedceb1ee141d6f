/**
 * Fault 6: the wall clock of the whole daemon jumps hours forward and back.
 * test/schedule/check-loop-simulation.test.ts proves the pure planner under an
 * injected clock; this moves the real clock of a running `ss` with libfaketime
 * (Debian package faketime), re-read on every call from a rc file we rewrite.
 * The monotonic clock is left alone, as on a real machine where an operator or
 * NTP steps the time: Node's timers keep their rhythm, Date.now() jumps.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeInstance, startSs, waitFor, type RunningSs, type TestInstance } from '../helpers/instance.js';
import { recordFigures } from './chaos-mode.js';

const LIBFAKETIME = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/faketime/libfaketime.so.1'].find((p) => existsSync(p));
const HOSTS = ['h1', 'h2', 'h3', 'h4', 'h5'];
const INTERVAL_MS = 2000;
const POLL_MS = 1000;
/** Start-up of a module on a loaded CI machine, on top of interval + poll. */
const SLACK_MS = 2000;
const WATCH_MS = 6000;

const running: RunningSs[] = [];
after(() => {
  for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
});

async function lineCounts(inst: TestInstance): Promise<number[]> {
  return Promise.all(HOSTS.map(async (h) => (await readFile(join(inst.historyDir, 'host', h, 'answer', 'checkhistory'), 'utf8').catch(() => '')).split('\n').filter((l) => l !== '').length));
}

/** Starts ss under libfaketime with its offset read from `rcFile` on every clock call. */
function startFaked(inst: TestInstance, rcFile: string): RunningSs {
  const saved = { ...process.env };
  Object.assign(process.env, {
    LD_PRELOAD: LIBFAKETIME,
    FAKETIME_TIMESTAMP_FILE: rcFile,
    FAKETIME_NO_CACHE: '1',
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  });
  try {
    return startSs(inst);
  } finally {
    for (const k of ['LD_PRELOAD', 'FAKETIME_TIMESTAMP_FILE', 'FAKETIME_NO_CACHE', 'FAKETIME_DONT_FAKE_MONOTONIC']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

describe('wall-clock jumps of the running daemon (libfaketime)', () => {
  it('neither bursts nor stalls after jumps of 3 hours forward and 5 hours back', { timeout: 58_000, skip: LIBFAKETIME === undefined ? 'libfaketime is not installed (apt-get install faketime); the injected-clock simulation in test/schedule covers the planner' : false }, async () => {
    const inst = await makeInstance();
    await inst.writeConfig({
      host: `[class lab]\nhosts = ${HOSTS.join(' ')}\ncheck schedule = every2\n\n[group answer]\nhosts = ${HOSTS.join(' ')}\n`,
      check: '[check answer]\nmodule = answer\ntimeout = 10 seconds\n',
      schedule: '[schedule every2]\nrule = every 2 seconds\n',
    });
    const rcFile = join(inst.dir, 'faketime.rc');
    await writeFile(rcFile, '+0\n');
    const ss = startFaked(inst, rcFile);
    running.push(ss);
    await waitFor('every pair checked twice', async () => (await lineCounts(inst)).every((n) => n >= 2), 20_000);

    const figures: Record<string, number> = {};
    for (const [label, offset, hours] of [['forward 3 h', '+3h', 3], ['back 5 h', '-2h', -2]] as const) {
      const before = await lineCounts(inst);
      await writeFile(rcFile, `${offset}\n`);
      const jumpedAt = Date.now();
      // No stall: every pair runs again within interval + poll (+ slack) of real time.
      await waitFor(`every pair to run after the jump ${label}`, async () => (await lineCounts(inst)).every((n, i) => n > before[i]!), INTERVAL_MS + POLL_MS + SLACK_MS).catch((err: Error) => {
        throw new Error(`${err.message} (stall); ss said: ${ss.stderr().slice(-2000)}`);
      });
      const resumedMs = Date.now() - jumpedAt;
      await sleep(Math.max(0, WATCH_MS - resumedMs));
      const watched = Date.now() - jumpedAt;
      const runs = (await lineCounts(inst)).map((n, i) => n - before[i]!);
      // No burst: at most one run per slot of real time (plus the slot in progress), never the hours of missed slots.
      const allowed = Math.ceil(watched / INTERVAL_MS) + 1;
      for (const [i, n] of runs.entries()) assert.ok(n <= allowed, `answer@${HOSTS[i]} ran ${n} times in ${watched} ms after the jump ${label} (at most ${allowed})`);
      assert.equal(ss.child.exitCode, null, `ss still runs after the jump ${label}`);
      // The daemon really lives at the faked time: its records carry it.
      const text = await readFile(join(inst.historyDir, 'host', 'h1', 'answer', 'checkhistory'), 'utf8');
      const last = JSON.parse(text.trimEnd().split('\n').at(-1) ?? '{}') as { time: number };
      assert.ok(Math.abs(last.time - Date.now() - hours * 3_600_000) < 60_000, `the last record of answer@h1 is ${hours} h off real time: ${new Date(last.time).toISOString()}`);
      figures[`${label}: ms to resume`] = resumedMs;
      figures[`${label}: most runs of a pair in ${WATCH_MS / 1000} s`] = Math.max(...runs);
    }
    ss.child.kill('SIGTERM');
    assert.equal((await ss.exited).code, 0, ss.stderr().slice(-2000));
    recordFigures('clock-jumps', { intervalMs: INTERVAL_MS, pollMs: POLL_MS, pairs: HOSTS.length, ...figures });
  });
});
