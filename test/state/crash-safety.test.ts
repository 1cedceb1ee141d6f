import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { exited, spawnStoreScript } from './child-writer.js';
import { makeStore } from './store-fixture.js';

const KILLS = 10;

describe('crash safety', () => {
  it('survives SIGKILL at random moments: checkstatus always parses, history repairs cleanly, no complete record is lost', async () => {
    const { store, stateDir, historyDir } = await makeStore();
    const historyPath = join(historyDir, 'host/h/svc/checkhistory');
    // Long comments (up to ~270 KB) make history writes span many pages; a kill between two pages tears the line.
    // With args[2] = 'tear' the child dies by its own SIGKILL halfway through writing a line,
    // which a real kill does only when it lands between two pages of one write().
    const body = `
      const { appendFileSync } = await import('node:fs');
      const comment = 'x'.repeat(Number(args[1]));
      for (let seq = Number(args[0]); ; seq++) {
        if (args[2] === 'tear' && seq > Number(args[0]) + 2) {
          appendFileSync(args[3], JSON.stringify({ time: seq, rc: 0, scalar: seq, comment }).slice(0, 500));
          process.kill(process.pid, 'SIGKILL');
        }
        await store.recordResult('svc', { result: { host: 'h', rc: 0, scalar: seq, comment, duration: 1 }, startedAt: seq });
        process.stdout.write(seq + '\\n');
      }
    `;
    let next = 1;
    let confirmed = 0;
    let torn = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const tear = kill % 3 === 2 ? ['tear', historyPath] : [];
      const child = spawnStoreScript(body, stateDir, historyDir, [String(next), String(1000 + kill * 30_000), ...tear]);
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line !== '') confirmed = Math.max(confirmed, Number(line));
        started();
      });
      child.once('exit', () => started());
      await running;
      if (tear.length === 0) {
        await sleep(Math.random() * 40);
        child.kill('SIGKILL');
      }
      assert.equal(await exited(child), 'SIGKILL');

      const status = await store.readCheckStatus('svc', 'h');
      assert.ok(status !== undefined);
      // The dead writer may still hold the pair lock; a live daemon would wait for it to go stale (10 s).
      await rm(join(stateDir, 'host/h/svc/lock'), { recursive: true, force: true });
      const report = await store.reconcile({ pairs: [{ service: 'svc', host: 'h' }] });
      torn += report.repaired.length;

      const text = await readFile(historyPath, 'utf8');
      assert.ok(text.endsWith('\n'), 'history ends in a whole line after repair');
      const seqs = text.trimEnd().split('\n').map((line) => (JSON.parse(line) as { scalar: number }).scalar);
      assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'records are contiguous, none duplicated');
      const last = seqs.at(-1) ?? 0;
      assert.ok(last >= confirmed, `record ${confirmed} was confirmed but history ends at ${last}`);
      // checkstatus is written before the history line: it is at most one record ahead.
      assert.ok(status.scalar === last || status.scalar === last + 1, `checkstatus ${status.scalar} vs history ${last}`);
      next = last + 1;
    }
    assert.ok(torn >= 3, 'every self-inflicted tear was repaired');
    console.log(`# ${KILLS} kills, ${next - 1} records kept, ${torn} torn tails repaired`);
  });
});
