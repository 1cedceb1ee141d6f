/**
 * POST /api/scheduler/(reload|restart|shutdown) (admin): signals the ss that
 * holds the instance's pidfile — SIGHUP reloads, SIGTERM stops; restart stops
 * it and starts `sbin/ss` again once the old process is gone.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runningPid } from '../daemon/pidfile.js';
import { sendJson, WebError } from './http-reply.js';
import type { Handler } from './web-context.js';

const VERBS = ['reload', 'restart', 'shutdown'] as const;

export const schedulerControl: Handler = async (ctx, r) => {
  const verb = r.params[0] ?? '';
  if (!(VERBS as readonly string[]).includes(verb)) throw new WebError('NOT_FOUND', `scheduler actions are ${VERBS.join(', ')}`);
  const who = await ctx.auth.principal(r.req);
  ctx.auth.authorize(r.req, who, `scheduler-${verb as (typeof VERBS)[number]}`);
  const instance = ctx.board.currentConfig.instance;
  const pid = schedulerPid(instance.pidFile);
  if (pid === undefined) throw new WebError('UNAVAILABLE', `the scheduler of instance ${instance.name} is not running`);
  if (verb === 'restart') restartLater(pid, ctx.prefix, instance.name, instance.source.file);
  // Signalled once the answer is out: inside ss the signal stops this very server.
  r.res.once('finish', () => process.kill(pid, verb === 'reload' ? 'SIGHUP' : 'SIGTERM'));
  sendJson(r.res, 202, { action: verb, pid, by: who.user ?? 'anonymous' });
};

/** The live scheduler holding the pidfile: another process, or this one when the monitor runs inside ss. */
function schedulerPid(pidFile: string): number | undefined {
  const other = runningPid(pidFile);
  if (other !== undefined) return other;
  try {
    return Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10) === process.pid ? process.pid : undefined;
  } catch {
    return undefined;
  }
}

/** A detached shell that waits for `pid` to exit, then starts ss (which daemonizes). Survives the death of this process. */
function restartLater(pid: number, prefix: string, instance: string, instanceFile: string): void {
  const ss = join(prefix, 'sbin', 'ss');
  const script = 'while kill -0 "$0" 2>/dev/null; do sleep 0.2; done; exec "$1" -i "$2" -I "$3"';
  spawn('/bin/sh', ['-c', script, String(pid), ss, instance, instanceFile], { detached: true, stdio: 'ignore' }).unref();
}
