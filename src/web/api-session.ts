/** POST /api/login, POST /api/logout, GET /api/session. */
import { verifyPassword } from './password-hash.js';
import { readJsonBody, sendJson, WebError } from './http-reply.js';
import { TOKEN_COOKIE } from './request-auth.js';
import type { Handler } from './web-context.js';

/** Checks the password against users.cf (throttled per user and address); answers the token, its expiry and the CSRF value, and sets the cookie. */
export const login: Handler = async (ctx, { req, res }) => {
  const body = await readJsonBody(req, 4096);
  const { user, password } = body;
  if (typeof user !== 'string' || typeof password !== 'string' || user === '') throw new WebError('BAD_REQUEST', 'expected {"user": "...", "password": "..."}');
  const address = req.socket.remoteAddress ?? 'unknown';
  const wait = ctx.throttle.retryAfter(user, address);
  if (wait > 0) throw new WebError('THROTTLED', `too many failed logins: try again in ${Math.ceil(wait / 1000)} s`, { 'retry-after': String(Math.ceil(wait / 1000)) });
  const known = (await ctx.auth.users()).users.get(user);
  const ok = known !== undefined && (await verifyPassword(password, known.passwordHash));
  if (!ok || known === undefined) {
    ctx.throttle.failed(user, address);
    throw new WebError('BAD_LOGIN', 'unknown user or wrong password');
  }
  ctx.throttle.succeeded(user);
  const issued = await ctx.tokens.issue(known.name, known.role);
  const maxAge = Math.max(0, Math.floor((issued.expires - ctx.clock()) / 1000));
  const cookie = `${TOKEN_COOKIE}=${issued.token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${ctx.secure ? '; Secure' : ''}`;
  sendJson(res, 200, { token: issued.token, user: issued.user, role: issued.role, expires: issued.expires, csrf: issued.csrf }, { 'set-cookie': cookie });
};

/** Ends the token of the request (bearer or cookie) and clears the cookie. 401 without a valid token. */
export const logout: Handler = async (ctx, { req, res }) => {
  const who = await ctx.auth.principal(req);
  if (who.claims === undefined) throw new WebError('UNAUTHENTICATED', 'not logged in');
  if (who.via === 'cookie' && req.headers['x-csrf-token'] !== who.claims.csrf) throw new WebError('CSRF', 'missing or wrong X-CSRF-Token header');
  await ctx.tokens.revoke(who.claims.jti, who.claims.expires);
  sendJson(res, 200, { loggedOut: who.user }, { 'set-cookie': `${TOKEN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` });
};

/** Who the request is: user (null when anonymous), role, and for the page the CSRF value and expiry. */
export const session: Handler = async (ctx, { req, res }) => {
  const who = await ctx.auth.principal(req);
  sendJson(res, 200, { user: who.user ?? null, role: who.role, via: who.via, ...(who.claims ? { csrf: who.claims.csrf, expires: who.claims.expires } : {}) });
};
