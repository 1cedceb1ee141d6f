/**
 * POST /api/pairs/:service/:host/:action — operator actions through the same
 * decisions and state code as `sc` (src/actions, StateStore), recorded in
 * commandhistory with the web user's name. Refusals (already acknowledged,
 * nothing to escalate, …) answer 409 with the reason.
 */
import { applyDecision } from '../actions/apply-decision.js';
import { applyDisableDecision, disableDecision, enableDecision, pauseDecision } from '../actions/disable-decisions.js';
import {
  acknowledgeDecision,
  escalateDecision,
  inhibitDecision,
  type Actor,
  type Decide,
  unacknowledgeDecision,
  uninhibitDecision,
} from '../actions/operator-decisions.js';
import type { Config, PairConfig } from '../config/config-model.js';
import { isValidRc, rcText } from '../domain/return-code.js';
import { InProcessRunner } from '../exec/in-process-runner.js';
import { runPairFix } from '../actions/run-pair-fix.js';
import { STATE_ERROR_CODES, StateError } from '../state/state-error.js';
import { TRIP_DEFAULTS } from '../state/state-store.js';
import { configuredPair, timeParam } from './api-read.js';
import { readJsonBody, sendJson, WebError } from './http-reply.js';
import type { Permission } from './roles.js';
import type { Handler, WebContext } from './web-context.js';

/** 1.0's comment for an action taken without one. */
const NO_REASON = '(no reason given)';
const YEAR_MS = 366 * 86_400_000;

type Body = Record<string, unknown>;
/** What to answer: what was done, or why it was refused. */
type Told = { readonly said: string } | { readonly refused: string };
type Run = (ctx: WebContext, pair: PairConfig, actor: Actor, body: Body) => Promise<Told>;

const decided =
  (command: string, decide: (config: Config, actor: Actor, body: Body) => Decide): Run =>
  (ctx, pair, actor, body) =>
    applyDecision(ctx.alerts, pair, command, actor, decide(ctx.board.currentConfig, actor, body), ctx.clock);

const ACTIONS: Readonly<Record<string, Run>> = {
  acknowledge: decided('acknowledge', (config, actor, body) => acknowledgeDecision(config, actor, expireMs(body))),
  unacknowledge: decided('unacknowledge', () => unacknowledgeDecision),
  inhibit: decided('inhibit', (_c, actor) => inhibitDecision(actor)),
  uninhibit: decided('uninhibit', () => uninhibitDecision),
  escalate: decided('escalate', (config, actor) => escalateDecision(config, actor)),
  async reschedule(ctx, pair, actor) {
    await ctx.store.reschedule(pair.service, pair.host, actor);
    return { said: 'reschedule requested' };
  },
  async trip(ctx, pair, actor, body) {
    const rc = body.rc === undefined ? TRIP_DEFAULTS.rc : body.rc;
    if (typeof rc !== 'number' || !isValidRc(rc)) throw new WebError('BAD_REQUEST', 'rc takes a return code 0-7 or 20-1000');
    const comment = actor.comment === NO_REASON ? TRIP_DEFAULTS.comment : actor.comment;
    const status = await ctx.store.trip(pair.service, pair.host, rc, comment, actor.who);
    return { said: `tripped to rc ${status.rc}` };
  },
  async 'check-at'(ctx, pair, actor, body) {
    const at = typeof body.time === 'number' ? body.time : timeParam(typeof body.time === 'string' ? body.time : null, 'time');
    const now = ctx.clock();
    if (at === undefined || !Number.isSafeInteger(at) || at < now - 60_000 || at > now + YEAR_MS) {
      throw new WebError('BAD_REQUEST', 'time takes epoch ms or an ISO 8601 time from now to a year ahead');
    }
    const when = new Date(at).toISOString();
    await ctx.checkAt.add({ service: pair.service, host: pair.host, at, who: actor.who, comment: actor.comment === NO_REASON ? '' : actor.comment });
    const said = `check scheduled at ${when}`;
    return applyDecision(ctx.alerts, pair, 'check-at', { who: actor.who, comment: `${when}: ${actor.comment}` }, () => ({ patch: {}, said }), ctx.clock);
  },
  disable: (ctx, pair, actor) => applyDisableDecision(ctx.disables, pair, 'disable', actor, disableDecision(actor), ctx.clock),
  enable: (ctx, pair, actor) => applyDisableDecision(ctx.disables, pair, 'enable', actor, enableDecision, ctx.clock),
  pause(ctx, pair, actor, body) {
    const until = body.until === undefined ? undefined : typeof body.until === 'number' ? body.until : timeParam(typeof body.until === 'string' ? body.until : null, 'until');
    if (until !== undefined && (!Number.isSafeInteger(until) || until <= ctx.clock())) throw new WebError('BAD_REQUEST', 'until takes a future time (epoch ms or ISO 8601)');
    return applyDisableDecision(ctx.disables, pair, 'pause', actor, pauseDecision(actor, until), ctx.clock);
  },
  async fix(ctx, pair, actor) {
    const runner = new InProcessRunner();
    let outcome;
    try {
      outcome = await runPairFix({ config: ctx.board.currentConfig, alerts: ctx.alerts, runner, now: ctx.clock }, pair, actor);
    } finally {
      await runner.close();
    }
    if (outcome.kind === 'no-fix') return { refused: `no fix is defined for check ${pair.service} (check.cf "fix =")` };
    if (outcome.kind === 'locked') return { refused: `the fix may already be running (fix lock ${outcome.lock} taken by ${outcome.holder})` };
    return { said: `fix ${rcText(outcome.rc)}${outcome.comment === '' ? '' : `: ${outcome.comment}`}${outcome.rescheduled ? ' (check rescheduled)' : ''}` };
  },
};

/** The actions the API offers, for docs and the page. */
export const PAIR_ACTIONS = Object.keys(ACTIONS);

export const pairAction: Handler = async (ctx, r) => {
  const action = r.params[2] ?? '';
  const run = ACTIONS[action];
  if (run === undefined) throw new WebError('NOT_FOUND', `no action ${action}; actions are ${PAIR_ACTIONS.join(', ')}`);
  const who = await ctx.auth.principal(r.req);
  ctx.auth.authorize(r.req, who, action as Permission);
  const pair = configuredPair(ctx, r);
  const body = await readJsonBody(r.req);
  const comment = typeof body.comment === 'string' ? body.comment.replace(/\s+/g, ' ').trim() : '';
  if (comment === '' && ctx.board.currentConfig.instance.requireComment) throw new WebError('BAD_REQUEST', 'this instance requires a comment');
  const actor: Actor = { who: who.user ?? 'anonymous', comment: comment === '' ? NO_REASON : comment };
  let outcome: Told;
  try {
    outcome = await run(ctx, pair, actor, body);
  } catch (err) {
    if (err instanceof StateError && err.code === STATE_ERROR_CODES.LOCKED) throw new WebError('LOCKED', `${pair.service}@${pair.host} is locked by another writer; try again`);
    throw err;
  }
  const row = await ctx.board.refreshPair(pair.service, pair.host);
  if ('refused' in outcome) throw new WebError('REFUSED', outcome.refused);
  sendJson(r.res, 200, { service: pair.service, host: pair.host, action, said: outcome.said, row: row ?? null });
};

function expireMs(body: Body): number | undefined {
  const v = body.expireMs;
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw new WebError('BAD_REQUEST', 'expireMs takes a positive integer (milliseconds)');
  return v;
}
