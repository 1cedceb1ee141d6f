/**
 * JSON in and out of node:http, and the one catalogue of the API's error
 * codes (tests match the code, not the text): every error body is
 * {"error": {"code", "message"}}.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const WEB_ERRORS = {
  BAD_REQUEST: { status: 400, code: 'SW_BAD_REQUEST' },
  UNAUTHENTICATED: { status: 401, code: 'SW_UNAUTHENTICATED' },
  BAD_LOGIN: { status: 401, code: 'SW_BAD_LOGIN' },
  FORBIDDEN: { status: 403, code: 'SW_FORBIDDEN' },
  CSRF: { status: 403, code: 'SW_CSRF' },
  NOT_FOUND: { status: 404, code: 'SW_NOT_FOUND' },
  METHOD: { status: 405, code: 'SW_METHOD_NOT_ALLOWED' },
  REFUSED: { status: 409, code: 'SW_REFUSED' },
  TOO_LARGE: { status: 413, code: 'SW_TOO_LARGE' },
  LOCKED: { status: 423, code: 'SW_LOCKED' },
  THROTTLED: { status: 429, code: 'SW_THROTTLED' },
  INTERNAL: { status: 500, code: 'SW_INTERNAL' },
  UNAVAILABLE: { status: 503, code: 'SW_UNAVAILABLE' },
} as const;

export type WebErrorKind = keyof typeof WEB_ERRORS;

/** An expected refusal of a request: becomes the error body of its kind. */
export class WebError extends Error {
  constructor(
    readonly kind: WebErrorKind,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'WebError';
  }
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
} as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string | string[]>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, err: WebError): void {
  const { status, code } = WEB_ERRORS[err.kind];
  sendJson(res, status, { error: { code, message: err.message } }, err.headers);
}

/** The JSON object of a request body (empty body = {}); WebError BAD_REQUEST / TOO_LARGE otherwise. */
export async function readJsonBody(req: IncomingMessage, limitBytes = 64 * 1024): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new WebError('TOO_LARGE', `request body over ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WebError('BAD_REQUEST', 'the body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WebError('BAD_REQUEST', 'the body must be a JSON object');
  return value as Record<string, unknown>;
}
