import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResultEntry } from '../../src/state/next-check-status.js';
import type { StateStore } from '../../src/state/state-store.js';
import { makeStore } from './store-fixture.js';

// Figures are printed, never asserted (shared machines are noisy). SURVIVOR_STATE_BENCH_PAIRS=100000 for the full size.
const PAIRS = Number(process.env.SURVIVOR_STATE_BENCH_PAIRS ?? 10_000);
const HOSTS = Math.min(1000, PAIRS);
const SERVICES = Math.ceil(PAIRS / HOSTS);
const pairs = Array.from({ length: SERVICES * HOSTS }, (_, i) => ({ service: `svc${Math.floor(i / HOSTS)}`, host: `host${i % HOSTS}` }));

function batch(start: number): ResultEntry[] {
  return Array.from({ length: HOSTS }, (_, h) => ({
    result: { host: `host${h}`, rc: h % 10 === 0 ? 1 : 0, scalar: h, comment: 'PING OK - Packet loss = 0%, RTA = 0.05 ms', duration: 12 },
    startedAt: start,
    due: start - 3,
  }));
}

/** Records one result for every pair; returns results per second, CPU µs per result and the peak RSS in MB. */
async function recordAll(store: StateStore): Promise<{ rate: number; cpuUs: number; rssMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let s = 0; s < SERVICES; s++) {
    const outcomes = await store.recordResults(`svc${s}`, batch(Date.now()));
    assert.deepEqual(outcomes.filter((o) => o.error !== undefined), []);
  }
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  const n = SERVICES * HOSTS;
  return { rate: (n / ms) * 1000, cpuUs: (used.user + used.system) / n, rssMb: peak / 2 ** 20 };
}

describe('state throughput (figures printed, not asserted)', () => {
  it(`reconciles ${pairs.length} pairs and records a result for each, fsync off`, async () => {
    const { store } = await makeStore({ fsync: false });
    const fresh = await store.reconcile({ pairs });
    assert.equal(fresh.created, pairs.length);
    const run = await recordAll(store);
    const restart = await store.reconcile({ pairs });
    assert.equal(restart.created, 0);
    const statuses = await store.readAllCheckStatus(pairs.slice(0, 1000));
    assert.ok(statuses.every((s) => s?.instances === 1));
    console.log(
      `# ${pairs.length} pairs: reconcile fresh ${fresh.durationMs.toFixed(0)} ms, again ${restart.durationMs.toFixed(0)} ms; ` +
        `recordResults fsync off ${run.rate.toFixed(0)} results/s (${run.cpuUs.toFixed(0)} µs CPU each), peak RSS ${run.rssMb.toFixed(0)} MB`,
    );
  });

  it('records results with fsync on', async () => {
    const { store } = await makeStore({ fsync: true });
    await store.reconcile({ pairs: pairs.slice(0, HOSTS) });
    const t = performance.now();
    const outcomes = await store.recordResults('svc0', batch(Date.now()));
    const ms = performance.now() - t;
    assert.deepEqual(outcomes.filter((o) => o.error !== undefined), []);
    console.log(`# recordResults fsync on: ${((HOSTS / ms) * 1000).toFixed(0)} results/s`);
  });

});
