/**
 * /metrics/: Prometheus text format through prom-client, on a registry of its
 * own (ss and tests may build several). Scheduler figures come from the
 * heartbeat files running/check and running/alert (so a standalone sw
 * reports them too); due-to-start latency is observed from each new check
 * result the pair board sees (time - due).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StateStore } from '../state/state-store.js';
import { sendError, WebError } from './http-reply.js';
import type { PairBoard } from './pair-board.js';
import type { WebContext, WebRequest } from './web-context.js';

export interface WebMetricsDeps {
  readonly store: StateStore;
  readonly board: PairBoard;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export class WebMetrics {
  readonly registry = new Registry();
  private readonly requests: Histogram;
  private readonly latency: Histogram;
  /** Stops observing the store's writes (close). */
  readonly stopListening: () => void;

  constructor(deps: WebMetricsDeps) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'survivor_sw_' });
    this.requests = new Histogram({ name: 'survivor_http_request_duration_seconds', help: 'Web monitor requests by method and status', labelNames: ['method', 'status'], registers });
    this.latency = new Histogram({
      name: 'survivor_check_due_to_start_seconds',
      help: 'How late checks started after their due time',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    });
    const writes = new Histogram({
      name: 'survivor_state_write_seconds',
      help: 'Time to write one check result (checkstatus and checkhistory) in this process: inside ss, every result',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.stopListening = deps.store.onRecorded((_s, _h, _status, ms) => writes.observe(ms / 1000));
    deps.board.subscribe((row) => {
      if (row.due !== undefined && row.time > 0 && row.time >= row.due) this.latency.observe((row.time - row.due) / 1000);
    });
    const store = deps.store;
    // prom-client runs every collect() of a scrape at once: they share one read of the heartbeat files.
    let pending: { at: number; files: Promise<[Json, Json]> } | undefined;
    const heartbeats = (): Promise<[Json, Json]> => {
      if (pending === undefined || Date.now() - pending.at > 250) {
        pending = { at: Date.now(), files: Promise.all([store.readRunning('check').then(obj), store.readRunning('alert').then(obj)]) };
      }
      return pending.files;
    };
    new Gauge({
      name: 'survivor_scheduler_up',
      help: '1 when the check scheduler wrote its heartbeat within three poll intervals',
      registers,
      async collect() {
        const [check] = await heartbeats();
        const interval = deps.board.currentConfig.instance.pollIntervalMs;
        const time = num(check.time) ?? 0;
        this.set(Date.now() - time < Math.max(3 * interval, 30_000) ? 1 : 0);
      },
    });
    new Counter({
      name: 'survivor_checks_total',
      help: 'Pair checks completed since ss started, by return code',
      labelNames: ['rc'],
      registers,
      async collect() {
        const [check] = await heartbeats();
        this.reset();
        for (const [rc, n] of Object.entries(obj(obj(check.counters).byRc))) if (num(n) !== undefined) this.inc({ rc }, num(n));
      },
    });
    new Counter({
      name: 'survivor_checks_started_total',
      help: 'Pair checks started since ss started',
      registers,
      async collect() {
        const [check] = await heartbeats();
        this.reset();
        this.inc(num(obj(check.counters).started) ?? 0);
      },
    });
    new Counter({
      name: 'survivor_alerts_total',
      help: 'Alert scheduler outcomes since ss started (notified, delivered, failed)',
      labelNames: ['outcome'],
      registers,
      async collect() {
        const [, alert] = await heartbeats();
        this.reset();
        const c = obj(alert.counters);
        for (const outcome of ['notified', 'delivered', 'failed']) this.inc({ outcome }, num(c[outcome]) ?? 0);
      },
    });
    new Gauge({
      name: 'survivor_queue_length',
      help: 'Jobs waiting in the check and alert pools',
      labelNames: ['pool'],
      registers,
      async collect() {
        const [check, alert] = await heartbeats();
        this.set({ pool: 'check' }, num(check.queued) ?? 0);
        this.set({ pool: 'alert' }, num(alert.queued) ?? 0);
      },
    });
    new Gauge({
      name: 'survivor_pool_running',
      help: 'Jobs running in the check and alert pools',
      labelNames: ['pool'],
      registers,
      async collect() {
        const [check, alert] = await heartbeats();
        this.set({ pool: 'check' }, num(check.running) ?? 0);
        this.set({ pool: 'alert' }, num(alert.running) ?? 0);
      },
    });
    new Gauge({
      name: 'survivor_pass_duration_seconds',
      help: 'Duration of the last scheduler pass',
      labelNames: ['loop'],
      registers,
      async collect() {
        const [check, alert] = await heartbeats();
        this.set({ loop: 'check' }, (num(obj(check.pass).duration) ?? 0) / 1000);
        this.set({ loop: 'alert' }, (num(obj(alert.pass).duration) ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'survivor_pairs',
      help: 'Configured pairs by monitor state',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        for (const s of ['Waiting', 'Running', 'OK', 'Error', 'Pause', 'Disabled']) this.set({ state: s }, 0);
        for (const row of deps.board.rows()) this.inc({ state: row.monitorState });
      },
    });
  }

  observeRequest(method: string, status: number, seconds: number): void {
    this.requests.observe({ method, status: String(status) }, seconds);
  }

  /** GET /metrics/ (readable by anyone who may read the monitor). */
  async handle(ctx: WebContext, r: WebRequest): Promise<void> {
    try {
      ctx.auth.authorize(r.req, await ctx.auth.principal(r.req), 'read');
    } catch (err) {
      if (err instanceof WebError) return sendError(r.res, err);
      throw err;
    }
    const text = await this.registry.metrics();
    r.res.writeHead(200, { 'content-type': this.registry.contentType });
    r.res.end(text);
  }
}
