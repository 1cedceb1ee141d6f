/**
 * Login tokens: JWTs signed with HS256 (jose) by a secret generated once into
 * <statedir>/web/secret (mode 600), so tokens stay valid across restarts and
 * between `sw` and the monitor inside `ss`. Logout puts the token's id on a
 * denylist file kept until the token would have expired anyway.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import writeFileAtomic from 'write-file-atomic';
import { isRole, type Role } from './roles.js';

export interface TokenClaims {
  readonly user: string;
  readonly role: Role;
  /** Token id (denylisted on logout). */
  readonly jti: string;
  /** Epoch ms when the token expires. */
  readonly expires: number;
  /** The double-submit value a cookie-authenticated change must repeat in X-CSRF-Token. */
  readonly csrf: string;
}

export interface IssuedToken extends TokenClaims {
  readonly token: string;
}

export interface TokenServiceOptions {
  /** <statedir>/web: holds `secret` and `denylist`. */
  readonly dir: string;
  readonly lifetimeMs: number;
  /** Epoch ms now. Default Date.now. */
  readonly clock?: () => number;
}

const ISSUER = 'survivor-sw';

export class TokenService {
  private secret: Uint8Array = new Uint8Array();
  private readonly denied = new Map<string, number>();
  private denylistMtime = -1;
  private readonly clock: () => number;

  private constructor(private readonly opts: TokenServiceOptions) {
    this.clock = opts.clock ?? Date.now;
  }

  /** Loads (or creates, mode 600) the secret and the denylist. Rejects on I/O errors. */
  static async open(opts: TokenServiceOptions): Promise<TokenService> {
    const service = new TokenService(opts);
    await mkdir(opts.dir, { recursive: true, mode: 0o700 });
    service.secret = await loadSecret(join(opts.dir, 'secret'));
    await service.refreshDenylist();
    return service;
  }

  /** A new token for `user` with `role`, valid for the configured lifetime. */
  async issue(user: string, role: Role): Promise<IssuedToken> {
    const now = this.clock();
    const expires = now + this.opts.lifetimeMs;
    const jti = randomUUID();
    const csrf = randomBytes(18).toString('base64url');
    const token = await new SignJWT({ role, csrf })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(user)
      .setJti(jti)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(expires / 1000))
      .sign(this.secret);
    return { token, user, role, jti, expires: Math.floor(expires / 1000) * 1000, csrf };
  }

  /** The claims of a valid token; undefined when malformed, forged, expired or logged out. Never throws. */
  async verify(token: string): Promise<TokenClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, algorithms: ['HS256'], currentDate: new Date(this.clock()) });
      const { sub, jti, exp, role, csrf } = payload;
      if (typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number' || !isRole(role) || typeof csrf !== 'string') return undefined;
      await this.refreshDenylist();
      if (this.denied.has(jti)) return undefined;
      return { user: sub, role, jti, expires: exp * 1000, csrf };
    } catch {
      return undefined;
    }
  }

  /** Logout: the token id is refused until `expires` (epoch ms). Rejects on I/O errors. */
  async revoke(jti: string, expires: number): Promise<void> {
    this.denied.set(jti, expires);
    const now = this.clock();
    const live = [...this.denied].filter(([, exp]) => exp > now);
    const path = join(this.opts.dir, 'denylist');
    if (live.length < this.denied.size) {
      await writeFileAtomic(path, live.map(([id, exp]) => JSON.stringify({ jti: id, expires: exp }) + '\n').join(''), { mode: 0o600 });
    } else {
      await appendFile(path, JSON.stringify({ jti, expires }) + '\n', { mode: 0o600 });
    }
    this.denylistMtime = -1;
  }

  /** Re-reads the denylist when another process (sw beside ss) changed it. */
  private async refreshDenylist(): Promise<void> {
    const path = join(this.opts.dir, 'denylist');
    const mtime = await stat(path).then((s) => s.mtimeMs, () => 0);
    if (mtime === this.denylistMtime) return;
    const text = await readFile(path, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      try {
        const r = JSON.parse(line) as { jti?: unknown; expires?: unknown };
        if (typeof r.jti === 'string' && typeof r.expires === 'number') this.denied.set(r.jti, r.expires);
      } catch {
        // a torn or foreign line: ignored
      }
    }
    this.denylistMtime = mtime;
  }
}

async function loadSecret(path: string): Promise<Uint8Array> {
  try {
    await writeFile(path, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
  if (key.length < 32) throw new Error(`${path}: the web token secret is shorter than 32 bytes; remove it to generate a new one`);
  return new Uint8Array(key);
}
