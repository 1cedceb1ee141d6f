import { spawn } from 'node:child_process';
import { pino, type Logger } from 'pino';

export type LogMethod = 'std' | 'syslog' | 'none';

export interface LogSink {
  readonly logger: Logger;
  /** Writes out everything buffered; call before exit. */
  flush(): void;
}

/**
 * pino JSON lines on stderr (std), through logger(1) to syslog (syslog), or nothing (none).
 * stderr is written asynchronously with a small buffer and flushed synchronously on exit, so
 * a busy daemon does not block on the terminal and loses nothing at shutdown.
 */
export function createLogger(options: { method: LogMethod; level: string; instance: string; name?: string }): LogSink {
  const base = { name: options.name ?? 'ss', instance: options.instance };
  if (options.method === 'none') {
    return { logger: pino({ level: 'silent', base }), flush: () => undefined };
  }
  if (options.method === 'syslog') {
    // logger(1) is everywhere and knows the local syslog socket; pino writes JSON lines into it.
    const child = spawn('logger', ['-t', `survivor-${options.instance}`, '--id=' + String(process.pid)], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    child.unref();
    child.on('error', () => undefined);
    const logger = pino({ level: options.level, base }, child.stdin);
    return { logger, flush: () => undefined };
  }
  const dest = pino.destination({ dest: 2, sync: false, minLength: 0 });
  const logger = pino({ level: options.level, base }, dest);
  return {
    logger,
    flush: () => {
      try {
        dest.flushSync();
      } catch {
        // stderr closed or not ready: nothing more can be written anyway.
      }
    },
  };
}
