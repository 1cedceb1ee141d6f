/**
 * The web monitor `sw` (SPEC §8): /monitor/ (the page), /api/… (REST JSON
 * and Server-Sent Events), /metrics/ (Prometheus). Plain node:http, or
 * node:https when instance.cf names a certificate and key. Built by sw-main
 * (standalone) or by ss (in-process); both read and write only through the
 * state stores, so the monitor works whether or not ss runs.
 */
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../config/config-model.js';
import { AlertStore } from '../state/alert-store.js';
import { DisableStore } from '../state/disable-store.js';
import type { StateStore } from '../state/state-store.js';
import { pairAction } from './api-actions.js';
import { callList, callLists, history, instance, pair, pairs } from './api-read.js';
import { schedulerControl } from './api-scheduler.js';
import { login, logout, session } from './api-session.js';
import { CheckAtQueue } from './check-at-queue.js';
import { events } from './event-stream.js';
import { sendError, WebError } from './http-reply.js';
import { LoginThrottle, type ThrottleOptions } from './login-throttle.js';
import { PairBoard } from './pair-board.js';
import { Authenticator } from './request-auth.js';
import { monitorFile } from './static-files.js';
import { TokenService } from './token-service.js';
import type { Handler, WebContext } from './web-context.js';
import { WebMetrics } from './web-metrics.js';

export interface WebServerOptions {
  readonly config: () => Config;
  readonly prefix: string;
  readonly store: StateStore;
  /** host:port; default instance.cf's `web listen`. Port 0 picks a free port. */
  readonly listen?: string;
  readonly log?: Logger;
  readonly clock?: () => number;
  /** How often the pair board polls for changes (ms). Default 1000. */
  readonly pollMs?: number;
  readonly throttle?: ThrottleOptions;
  /** Pairs being checked now (inside ss). */
  readonly running?: (service: string, host: string) => boolean;
}

export interface WebServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly board: PairBoard;
  /** Stops accepting, ends open event streams, stops polling. */
  close(): Promise<void>;
}

type Route = readonly [method: string, pattern: RegExp, handler: Handler];

const SEG = '([^/]+)';
const ROUTES: readonly Route[] = [
  ['GET', /^\/$/, redirect('/monitor/')],
  ['GET', /^\/monitor$/, redirect('/monitor/')],
  ['GET', /^\/monitor\/([^/]*)$/, monitorFile],
  ['GET', /^\/metrics\/?$/, (ctx, r) => ctx.metrics.handle(ctx, r)],
  ['POST', /^\/api\/login$/, login],
  ['POST', /^\/api\/logout$/, logout],
  ['GET', /^\/api\/session$/, session],
  ['GET', /^\/api\/instance$/, instance],
  ['GET', /^\/api\/events$/, events],
  ['GET', /^\/api\/pairs$/, pairs],
  ['GET', new RegExp(`^/api/pairs/${SEG}/${SEG}$`), pair],
  ['GET', new RegExp(`^/api/pairs/${SEG}/${SEG}/history/${SEG}$`), history],
  ['POST', new RegExp(`^/api/pairs/${SEG}/${SEG}/${SEG}$`), pairAction],
  ['GET', /^\/api\/calllists$/, callLists],
  ['GET', new RegExp(`^/api/calllists/${SEG}$`), callList],
  ['POST', new RegExp(`^/api/scheduler/${SEG}$`), schedulerControl],
];

function redirect(to: string): Handler {
  return (_ctx, { res }) => {
    res.writeHead(302, { location: to });
    res.end();
    return Promise.resolve();
  };
}

/** Starts serving; resolves once listening. Rejects when the address is taken or the TLS files cannot be read. */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const config = opts.config();
  const web = config.instance.web;
  const listen = opts.listen ?? web.listen;
  if (listen === undefined) throw new Error(`instance ${config.instance.name} has no "web listen" and none was given (--listen)`);
  const { host, port } = parseListen(listen);
  const clock = opts.clock ?? Date.now;
  const alerts = new AlertStore(opts.store);
  const tokens = await TokenService.open({ dir: opts.store.context.paths.webDir, lifetimeMs: web.tokenLifetimeMs, clock });
  const disables = new DisableStore(opts.store);
  const board = new PairBoard({
    config: opts.config,
    store: opts.store,
    alerts,
    disables,
    clock,
    ...(opts.running ? { running: opts.running } : {}),
    onError: (err, p) => opts.log?.warn({ err, service: p.service, host: p.host }, 'monitor cannot read pair state'),
  });
  await board.start(opts.pollMs ?? 1000);
  const checkAt = new CheckAtQueue(opts.store.context.paths.webDir, opts.store, clock);
  const checkAtTimer = setInterval(() => void checkAt.runDue(), opts.pollMs ?? 1000);
  checkAtTimer.unref();
  const secure = web.certificate !== undefined && web.key !== undefined;
  const ctx: WebContext = {
    config: opts.config,
    prefix: opts.prefix,
    store: opts.store,
    alerts,
    disables,
    board,
    auth: new Authenticator(tokens, web.usersFile),
    tokens,
    throttle: new LoginThrottle({ clock, ...opts.throttle }),
    checkAt,
    secure,
    clock,
    metrics: new WebMetrics({ store: opts.store, board }),
  };
  // Inside ss, a recorded result reaches the page at once instead of at the next polling round.
  const stopInstant = opts.store.onRecorded((service, host) => void board.refreshPair(service, host));
  const handle = (req: IncomingMessage, res: ServerResponse): void => void dispatch(ctx, req, res, opts.log);
  const server: Server = secure
    ? createHttpsServer({ cert: await readFile(web.certificate ?? ''), key: await readFile(web.key ?? '') }, handle)
    : createHttpServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${secure ? 'https' : 'http'}://${shownHost}:${address.port}`,
    board,
    async close() {
      clearInterval(checkAtTimer);
      stopInstant();
      ctx.metrics.stopListening();
      board.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

async function dispatch(ctx: WebContext, req: IncomingMessage, res: ServerResponse, log: Logger | undefined): Promise<void> {
  const started = process.hrtime.bigint();
  try {
    const url = new URL(req.url ?? '/', 'http://sw.invalid');
    let methodMismatch = false;
    for (const [method, pattern, handler] of ROUTES) {
      const m = pattern.exec(url.pathname);
      if (m === null) continue;
      if (method !== req.method && !(method === 'GET' && req.method === 'HEAD')) {
        methodMismatch = true;
        continue;
      }
      const params = m.slice(1).map((p) => decodeURIComponent(p ?? ''));
      await handler(ctx, { req, res, url, params });
      return;
    }
    throw methodMismatch ? new WebError('METHOD', `${req.method ?? '?'} is not allowed on ${url.pathname}`) : new WebError('NOT_FOUND', `nothing at ${url.pathname}`);
  } catch (err) {
    if (res.headersSent) {
      res.destroy();
    } else if (err instanceof WebError) {
      sendError(res, err);
    } else {
      log?.error({ err, url: req.url }, 'web request failed');
      sendError(res, new WebError('INTERNAL', 'internal error (see the log)'));
    }
  } finally {
    ctx.metrics.observeRequest(req.method ?? '?', res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
  }
}

/** "host:port" or "[v6]:port" → parts. Throws on anything else. */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(listen.trim());
  const port = Number(m?.[3]);
  if (m === null || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a listen address: "${listen}" (expected host:port)`);
  return { host: m[1] ?? m[2] ?? '127.0.0.1', port };
}
