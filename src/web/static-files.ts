/**
 * The monitor's page: plain files from <prefix>/html/monitor/ (no build
 * step), served with a strict Content-Security-Policy. Names are looked up
 * in the directory listing, so no request can leave it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { sendError, WebError } from './http-reply.js';
import type { Handler } from './web-context.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'";

export const monitorFile: Handler = async (ctx, { res, params }) => {
  const dir = join(ctx.prefix, 'html', 'monitor');
  const name = params[0] === undefined || params[0] === '' ? 'index.html' : params[0];
  const names = await readdir(dir).catch(() => [] as string[]);
  const type = TYPES[extname(name)];
  if (!names.includes(name) || type === undefined) return sendError(res, new WebError('NOT_FOUND', `no file ${name} in the monitor`));
  const body = await readFile(join(dir, name));
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'cache-control': 'no-cache' });
  res.end(body);
};
