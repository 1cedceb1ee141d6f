/** The read side of the REST API (docs/api.md): instance, pairs, one pair, history, call lists. */
import type { PairConfig } from '../config/config-model.js';
import type { HistoryQuery } from '../history/read-history.js';
import { sendJson, WebError } from './http-reply.js';
import { rowMatches, type RowFilter } from './pair-row.js';
import type { Handler, WebContext, WebRequest } from './web-context.js';
import { isAlive } from '../daemon/pidfile.js';

const MATCHES = ['error', 'addressed', 'escalated', 'stalled', 'disabled'] as const;
const KINDS = ['check', 'alert', 'command', 'fix'] as const;
const MAX_LIMIT = 10_000;

async function readable(ctx: WebContext, r: WebRequest): Promise<void> {
  ctx.auth.authorize(r.req, await ctx.auth.principal(r.req), 'read');
}

/** The configured pair named by the route's :service/:host, else 404. */
export function configuredPair(ctx: WebContext, r: WebRequest): PairConfig {
  const [service = '', host = ''] = r.params;
  const pair = ctx.board.currentConfig.pairs.find((p) => p.service === service && p.host === host);
  if (pair === undefined) throw new WebError('NOT_FOUND', `${service}@${host} is not a configured service@host pair`);
  return pair;
}

export const instance: Handler = async (ctx, r) => {
  await readable(ctx, r);
  const config = ctx.board.currentConfig;
  const [check, alert] = await Promise.all([ctx.store.readRunning('check'), ctx.store.readRunning('alert')]);
  const now = ctx.clock();
  const alive = check !== undefined && isAlive(check.pid) && now - check.time < Math.max(3 * config.instance.pollIntervalMs, 30_000);
  sendJson(r.res, 200, {
    name: config.instance.name,
    pairs: config.pairs.length,
    checks: config.checks.size,
    hosts: config.hostClass.size,
    classes: [...config.classes.keys()],
    groups: [...config.groups.keys()],
    generation: ctx.board.generation,
    pollIntervalMs: config.instance.pollIntervalMs,
    scheduler: { running: alive, check: check ?? null, alert: alert ?? null },
    time: now,
  });
};

/** GET /api/pairs?match=&class=&group=&host=&service= */
export const pairs: Handler = async (ctx, r) => {
  await readable(ctx, r);
  const q = r.url.searchParams;
  const match = q.get('match') ?? undefined;
  if (match !== undefined && match !== '' && !(MATCHES as readonly string[]).includes(match)) throw new WebError('BAD_REQUEST', `match takes ${MATCHES.join(', ')}, got "${match}"`);
  const filter: RowFilter = {
    ...(match ? { match: match as RowFilter['match'] } : {}),
    ...(q.get('class') ? { hostClass: q.get('class') ?? '' } : {}),
    ...(q.get('group') ? { group: q.get('group') ?? '' } : {}),
    ...(q.get('host') ? { host: q.get('host') ?? '' } : {}),
    ...(q.get('service') ? { service: q.get('service') ?? '' } : {}),
  };
  const config = ctx.board.currentConfig;
  const now = ctx.clock();
  const rows = ctx.board.entries().filter((e) => rowMatches(config, e.row, filter, now));
  // Rows are kept serialised: joining them is what keeps 10,000 pairs well under 100 ms.
  const text = `{"generation":${ctx.board.generation},"pairs":[${rows.map((e) => e.json).join(',')}]}`;
  r.res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  r.res.end(text);
};

/** GET /api/pairs/:service/:host — the row plus the raw alert and disable state. */
export const pair: Handler = async (ctx, r) => {
  await readable(ctx, r);
  const p = configuredPair(ctx, r);
  const row = (await ctx.board.refreshPair(p.service, p.host)) ?? null;
  const state = await ctx.alerts.readPairState(p.service, p.host);
  const check = ctx.board.currentConfig.checks.get(p.service);
  const checkAt = await ctx.checkAt.pending(p.service, p.host);
  sendJson(r.res, 200, { row, state, checkAt, check: check === undefined ? null : { kind: check.kind, fix: check.fix ?? null, alertPlan: check.alertPlan ?? null, timeoutMs: check.timeoutMs } });
};

/** GET /api/pairs/:service/:host/history/:kind?from=&until=&reverse=&limit=&page= (times epoch ms or ISO 8601). */
export const history: Handler = async (ctx, r) => {
  await readable(ctx, r);
  const p = configuredPair(ctx, r);
  const kind = r.params[2] ?? '';
  if (!(KINDS as readonly string[]).includes(kind)) throw new WebError('NOT_FOUND', `history kinds are ${KINDS.join(', ')}, got "${kind}"`);
  const q = r.url.searchParams;
  const limit = intParam(q.get('limit'), 'limit', 100, 1, MAX_LIMIT);
  const page = intParam(q.get('page'), 'page', 1, 1, 1_000_000);
  const from = timeParam(q.get('from'), 'from');
  const until = timeParam(q.get('until'), 'until');
  const reverse = q.get('reverse') !== null && q.get('reverse') !== 'false' && q.get('reverse') !== '0';
  const query: HistoryQuery = { ...(from !== undefined ? { from } : {}), ...(until !== undefined ? { until } : {}), reverse, limit: page * limit + 1 };
  const h = ctx.store.history;
  const source =
    kind === 'check' ? h.readCheck(p.service, p.host, query) : kind === 'alert' ? h.readAlert(p.service, p.host, query) : kind === 'command' ? h.readCommand(p.service, p.host, query) : h.readFix(p.service, p.host, query);
  const records: unknown[] = [];
  let seen = 0;
  for await (const record of source) {
    if (seen++ >= (page - 1) * limit) records.push(record);
  }
  const more = records.length > limit;
  sendJson(r.res, 200, { service: p.service, host: p.host, kind, page, limit, more, records: records.slice(0, limit) });
};

export const callLists: Handler = async (ctx, r) => {
  await readable(ctx, r);
  const lists = [...ctx.board.currentConfig.alerting.callLists.values()].map((l) => ({ name: l.name, mode: l.mode, via: l.via, members: l.members, ...(l.aliasOf ? { aliasOf: l.aliasOf } : {}) }));
  sendJson(r.res, 200, { callLists: lists });
};

export const callList: Handler = async (ctx, r) => {
  await readable(ctx, r);
  const name = r.params[0] ?? '';
  const list = ctx.board.currentConfig.alerting.callLists.get(name);
  if (list === undefined) throw new WebError('NOT_FOUND', `no call list ${name}`);
  const state = await ctx.alerts.readCallList(list.aliasOf ?? name);
  sendJson(r.res, 200, { name: list.name, mode: list.mode, via: list.via, members: list.members, ...(list.aliasOf ? { aliasOf: list.aliasOf } : {}), ...state });
};

function intParam(text: string | null, name: string, fallback: number, min: number, max: number): number {
  if (text === null || text === '') return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new WebError('BAD_REQUEST', `${name} takes an integer from ${min} to ${max}, got "${text}"`);
  return n;
}

/** A time parameter: epoch ms or ISO 8601; undefined when absent; WebError BAD_REQUEST otherwise. */
export function timeParam(text: string | null, name: string): number | undefined {
  if (text === null || text === '') return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(n)) throw new WebError('BAD_REQUEST', `${name} takes epoch ms or an ISO 8601 time, got "${text}"`);
  return n;
}
