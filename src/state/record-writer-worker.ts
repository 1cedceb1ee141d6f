/**
 * The record writer thread (record-writer.ts): records batches of check
 * results with synchronous calls (record-sync.ts), one batch after another,
 * and answers each with one outcome per entry.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BUSY, recordResultSync, syncRecordContext } from './record-sync.js';
import type { WriterReply, WriterRequest, WriterSettings, WrittenOutcome } from './record-writer.js';
import { errnoCode, StateError } from './state-error.js';

const ctx = syncRecordContext(workerData as WriterSettings);

parentPort?.on('message', ({ id, service, entries }: WriterRequest) => {
  const busyHosts = new Set<string>();
  const outcomes = entries.map((entry): WrittenOutcome => {
    const { host } = entry.result;
    if (busyHosts.has(host)) return { busy: true }; // keep a host's results in order behind a busy one
    const begin = performance.now();
    try {
      const status = recordResultSync(ctx, service, entry);
      if (status === BUSY) {
        busyHosts.add(host);
        return { busy: true };
      }
      return { status, ms: performance.now() - begin };
    } catch (err) {
      const e = err instanceof StateError ? err : undefined;
      const errno = errnoCode(e?.cause ?? err);
      const message = err instanceof Error ? err.message : String(err);
      return { error: { code: e?.code ?? 'SURVIVOR_STATE_IO', message, ...(e?.path !== undefined ? { path: e.path } : {}), ...(errno !== undefined ? { errno } : {}) } };
    }
  });
  parentPort?.postMessage({ id, outcomes } satisfies WriterReply);
});
