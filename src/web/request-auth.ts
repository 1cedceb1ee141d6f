/**
 * Who is asking: a bearer token (scripts), the HttpOnly cookie (the page), or
 * nobody (the anonymous role of users.cf, `ro` by default as in 1.0); and
 * whether they may do what they ask. Cookie-authenticated changes must repeat
 * the token's CSRF value in the X-CSRF-Token header, which a cross-site form
 * or script cannot read.
 */
import type { IncomingMessage } from 'node:http';
import { stat } from 'node:fs/promises';
import { WebError } from './http-reply.js';
import { allows, type Permission, type Role } from './roles.js';
import type { TokenClaims, TokenService } from './token-service.js';
import { readUsersFile, type UsersFile } from './users-file.js';

export const TOKEN_COOKIE = 'sw_token';

export interface Principal {
  /** undefined = anonymous. */
  readonly user?: string;
  readonly role: Role;
  readonly claims?: TokenClaims;
  readonly via: 'bearer' | 'cookie' | 'anonymous';
}

export class Authenticator {
  private cached: { mtime: number; file: UsersFile } | undefined;

  constructor(
    private readonly tokens: TokenService,
    private readonly usersPath: string,
  ) {}

  /** users.cf, re-read when its mtime changes. Rejects on I/O errors. */
  async users(): Promise<UsersFile> {
    const mtime = await stat(this.usersPath).then((s) => s.mtimeMs, () => 0);
    if (this.cached?.mtime !== mtime) this.cached = { mtime, file: await readUsersFile(this.usersPath) };
    return this.cached.file;
  }

  /**
   * The principal of a request. A bearer token that is not valid (expired,
   * logged out, forged) is refused with 401; a stale cookie counts as no
   * token, so the page still shows to anonymous readers.
   */
  async principal(req: IncomingMessage): Promise<Principal> {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const claims = m?.[1] === undefined ? undefined : await this.tokens.verify(m[1]);
      if (claims === undefined) throw new WebError('UNAUTHENTICATED', 'the bearer token is invalid, expired or logged out', { 'www-authenticate': 'Bearer' });
      return { user: claims.user, role: claims.role, claims, via: 'bearer' };
    }
    const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
    const claims = cookie === undefined ? undefined : await this.tokens.verify(cookie);
    if (claims !== undefined) return { user: claims.user, role: claims.role, claims, via: 'cookie' };
    return { role: (await this.users()).anonymous, via: 'anonymous' };
  }

  /**
   * Throws unless `who` may do `permission`: 401 for anonymous requests that
   * need a login, 403 for a role too small, 403 SW_CSRF for a cookie-authenticated
   * change without the matching X-CSRF-Token header.
   */
  authorize(req: IncomingMessage, who: Principal, permission: Permission): void {
    if (!allows(who.role, permission)) {
      if (who.via === 'anonymous') throw new WebError('UNAUTHENTICATED', `log in to ${permission === 'read' ? 'read' : permission}`, { 'www-authenticate': 'Bearer' });
      throw new WebError('FORBIDDEN', `role ${who.role} may not ${permission}`);
    }
    if (permission !== 'read' && who.via === 'cookie' && req.headers['x-csrf-token'] !== who.claims?.csrf) {
      throw new WebError('CSRF', 'missing or wrong X-CSRF-Token header (cross-site request refused)');
    }
  }
}

/** The value of one cookie of a Cookie header; undefined when absent. Pure. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
