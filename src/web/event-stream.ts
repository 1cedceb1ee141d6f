/**
 * GET /api/events: Server-Sent Events. `event: pair` carries a changed row
 * (the same JSON as in /api/pairs), `event: instance` the scheduler's
 * heartbeat every few seconds; a comment line keeps proxies from closing an
 * idle stream.
 */
import type { Handler } from './web-context.js';

const HEARTBEAT_MS = 5_000;

export const events: Handler = async (ctx, { req, res }) => {
  ctx.auth.authorize(req, await ctx.auth.principal(req), 'read');
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ generation: ctx.board.generation })}\n\n`);
  const unsubscribe = ctx.board.subscribe((row) => void res.write(`event: pair\ndata: ${JSON.stringify(row)}\n\n`));
  const beat = setInterval(() => {
    void ctx.store.readRunning('check').then(
      (check) => res.write(`event: instance\ndata: ${JSON.stringify({ generation: ctx.board.generation, check: check ?? null, time: ctx.clock() })}\n\n`),
      () => res.write(': keepalive\n\n'),
    );
  }, HEARTBEAT_MS);
  const close = (): void => {
    clearInterval(beat);
    unsubscribe();
  };
  req.on('close', close);
  res.on('error', close);
};
