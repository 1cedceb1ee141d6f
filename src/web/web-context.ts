import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/config-model.js';
import type { AlertStore } from '../state/alert-store.js';
import type { DisableStore } from '../state/disable-store.js';
import type { StateStore } from '../state/state-store.js';
import type { CheckAtQueue } from './check-at-queue.js';
import type { LoginThrottle } from './login-throttle.js';
import type { PairBoard } from './pair-board.js';
import type { Authenticator } from './request-auth.js';
import type { TokenService } from './token-service.js';
import type { WebMetrics } from './web-metrics.js';

/** What the request handlers share; built once by startWebServer. */
export interface WebContext {
  readonly config: () => Config;
  readonly prefix: string;
  readonly store: StateStore;
  readonly alerts: AlertStore;
  readonly disables: DisableStore;
  readonly board: PairBoard;
  readonly auth: Authenticator;
  readonly tokens: TokenService;
  readonly throttle: LoginThrottle;
  readonly checkAt: CheckAtQueue;
  readonly metrics: WebMetrics;
  /** Is the connection TLS (cookies then get `Secure`)? */
  readonly secure: boolean;
  readonly clock: () => number;
}

/** One request: the parsed URL and the path parameters of the matched route (decoded). */
export interface WebRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: readonly string[];
}

export type Handler = (ctx: WebContext, r: WebRequest) => Promise<void>;
