/**
 * Web monitor figures (issue 6): /api/pairs latency over 10,000 pairs (target
 * < 100 ms) and Server-Sent Events fan-out of one pair change to 50 clients.
 * A figure, not a test. Usage (after `make build`):
 *     node dist/bench/web-api.js [HOSTS=500] [CHECKS=20] [RUNS=20] [CLIENTS=50]
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { StateStore } from '../src/state/state-store.js';
import { startWebServer } from '../src/web/web-server.js';

const [hostCount = 500, checkCount = 20, runs = 20, clients = 50] = process.argv.slice(2).map(Number);
const dir = await mkdtemp(join(tmpdir(), 'sw-bench-'));
try {
  for (const d of ['etc', 'mod/check', 'var/state', 'var/history', 'var/tmp']) await mkdir(join(dir, d), { recursive: true });
  await writeFile(join(dir, 'mod/check/answer'), '#!/bin/sh\ncat >/dev/null\n', { mode: 0o755 });
  await writeFile(join(dir, 'instance.cf'), `[instance bench]\nconfigdir = ${dir}/etc\nstatedir = ${dir}/var/state\nhistorydir = ${dir}/var/history\ntmpdir = ${dir}/var/tmp\nstate fsync = no\n`);
  const hosts = Array.from({ length: hostCount }, (_, i) => `host${String(i).padStart(4, '0')}`);
  const checks = Array.from({ length: checkCount }, (_, i) => `svc${String(i).padStart(2, '0')}`);
  await writeFile(join(dir, 'etc/host.cf'), `[class everything]\nhosts = ${hosts.join(' ')}\ncheck schedule = s\n` + checks.map((c) => `[group ${c}]\nhosts = ${hosts.join(' ')}\n`).join(''));
  await writeFile(join(dir, 'etc/check.cf'), checks.map((c) => `[check ${c}]\nmodule = answer\n`).join(''));
  await writeFile(join(dir, 'etc/schedule.cf'), '[schedule s]\nrule = every 5 minutes\n');
  const config = await loadConfig({ prefix: dir, instanceFile: join(dir, 'instance.cf'), moduleDir: join(dir, 'mod') });
  const store = new StateStore({ stateDir: config.instance.stateDir, historyDir: config.instance.historyDir, fsync: false });
  const t0 = Date.now();
  for (const service of checks) {
    await store.recordResults(service, hosts.map((host, i) => ({ result: { host, rc: i % 50 === 0 ? 1 : 0, scalar: 0, comment: 'fine', duration: 3 }, startedAt: Date.now() })));
  }
  console.log(`state for ${config.pairs.length} pairs written in ${Date.now() - t0} ms`);
  const t1 = Date.now();
  const server = await startWebServer({ config: () => config, prefix: dir, store, listen: '127.0.0.1:0', pollMs: 1000 });
  console.log(`web monitor loaded the board in ${Date.now() - t1} ms`);

  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    const text = await (await fetch(`${server.url}/api/pairs`)).text();
    times.push(performance.now() - s);
    bytes = text.length;
  }
  times.sort((a, b) => a - b);
  const filtered = performance.now();
  await (await fetch(`${server.url}/api/pairs?match=error`)).text();
  console.log(
    `GET /api/pairs (${config.pairs.length} pairs, ${(bytes / 1e6).toFixed(1)} MB): p50 ${times[Math.floor(runs / 2)]?.toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms (target < 100 ms); match=error ${(performance.now() - filtered).toFixed(1)} ms`,
  );

  const received: Promise<number>[] = [];
  const controllers: AbortController[] = [];
  let ready = 0;
  for (let c = 0; c < clients; c++) {
    const ac = new AbortController();
    controllers.push(ac);
    const res = await fetch(`${server.url}/api/events`, { signal: ac.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    ready++;
    received.push(
      (async () => {
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return NaN;
          buffer += decoder.decode(value);
          if (buffer.includes('event: pair')) return performance.now();
        }
      })(),
    );
  }
  const changedAt = performance.now();
  await store.recordResult('svc00', { result: { host: 'host0001', rc: 2, scalar: 0, comment: 'changed', duration: 1 }, startedAt: Date.now() });
  const arrivals = (await Promise.all(received)).map((t) => t - changedAt).sort((a, b) => a - b);
  console.log(`SSE fan-out to ${ready} clients: first ${arrivals[0]?.toFixed(1)} ms, last ${arrivals.at(-1)?.toFixed(1)} ms after the state write (recorded in this process: pushed at once, as inside ss)`);
  for (const ac of controllers) ac.abort();
  await server.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
