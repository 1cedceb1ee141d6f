import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeInstance, readJson, startSs, waitFor, type RunningSs } from '../helpers/instance.js';
import { runSc } from '../helpers/run-sc.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const HOSTS = Array.from({ length: 20 }, (_, i) => `h${String(i + 1).padStart(2, '0')}`);

const running: RunningSs[] = [];
after(() => {
  for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
});

/** Every line of a file parsed as a check record (a line that does not parse fails the test). */
async function records(path: string): Promise<{ time: number; rc: number }[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  assert.ok(text === '' || text.endsWith('\n'), `${path} ends in a whole line`);
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const r = JSON.parse(l) as { time: number; rc: number };
      assert.equal(typeof r.time, 'number', `${path}: ${l}`);
      return r;
    });
}

describe('sc archivehistory while ss appends', () => {
  it('loses no record: for every pair, records archived + records left = every record ss appended', async () => {
    const inst = await makeInstance({ pollInterval: '1 second', extra: 'allow archive = yes' });
    await inst.writeConfig({
      host: `[class lab]\nhosts = ${HOSTS.join(' ')}\ncheck schedule = busy\n\n[group answer]\nhosts = ${HOSTS.join(' ')}\n`,
      check: '[check answer]\nmodule = answer\ntimeout = 10 seconds\n',
      schedule: '[schedule busy]\nrule = every 1 second\n',
    });
    const dest = await makeTempDir('archive-');
    const ss = startSs(inst);
    running.push(ss);
    const status = (host: string): Promise<{ instances?: number } | undefined> =>
      readJson(join(inst.stateDir, 'host', host, 'answer', 'checkstatus')).catch(() => undefined) as Promise<{ instances?: number } | undefined>;
    await waitFor('two results for every pair', async () => (await Promise.all(HOSTS.map(status))).every((s) => (s?.instances ?? 0) >= 2), 30_000);

    // Archive everything older than a moment ago, over and over, while ss keeps appending every second.
    let runs = 0;
    let archivedSome = false;
    const until = Date.now() + 8000;
    while (Date.now() < until || runs < 4) {
      const r = await runSc(inst, ['-u', new Date(Date.now() - 500).toISOString(), '-o', `all,directory=${dest}`, 'archivehistory']);
      assert.equal(r.code, 0, `archive run ${runs}: ${r.stdout}${r.stderr}`);
      assert.doesNotMatch(r.stdout + r.stderr, /FAILED/);
      if (/^OK .*: [1-9]\d* archived/m.test(r.stdout)) archivedSome = true;
      runs++;
    }
    assert.ok(archivedSome, 'the runs moved records while ss ran');

    ss.child.kill('SIGTERM');
    assert.equal((await ss.exited).code, 0, ss.stderr());

    let total = 0;
    for (const host of HOSTS) {
      const appended = (await status(host))?.instances ?? 0;
      const left = await records(join(inst.historyDir, 'host', host, 'answer', 'checkhistory'));
      const archived = await records(join(dest, host, 'answer', 'checkhistory'));
      const all = [...archived, ...left];
      // rc is always 0, so checkstatus.instances counts every result ss recorded for the pair.
      assert.equal(all.length, appended, `${host}: ${archived.length} archived + ${left.length} left = ${appended} appended`);
      const times = all.map((r) => r.time);
      assert.equal(new Set(times).size, times.length, `${host}: no record twice`);
      assert.ok(archived.length > 0, `${host}: something was archived`);
      total += all.length;
    }
    assert.ok(total >= HOSTS.length * 4, `ss recorded ${total} results over ${runs} archive runs`);
  });
});
