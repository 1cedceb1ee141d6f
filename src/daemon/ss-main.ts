import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { ConfigError } from '../config/config-error.js';
import type { Config } from '../config/config-model.js';
import { ExecutorPool } from '../exec/executor-pool.js';
import { createLogger } from '../log/logger.js';
import { AlertStore } from '../state/alert-store.js';
import { StateStore } from '../state/state-store.js';
import { instanceStoreOptions, writerThreadsFor } from '../state/store-options.js';
import { AlertScheduler } from './alert-scheduler.js';
import { daemonize, ROLE_ENV, type SsRole } from './daemonize.js';
import { runKeepalive } from './keepalive.js';
import { acquirePidfile, releasePidfile, runningPid } from './pidfile.js';
import { Scheduler } from './scheduler.js';
import { parseSsOptions, type SsOptions } from './ss-options.js';
import { survivorVersion } from './version.js';
import type { WebServer } from '../web/web-server.js';

/** Running modules get this long after SIGTERM before their process groups are killed. */
export const SHUTDOWN_GRACE_MS = 5_000;

export interface SsEntry {
  /** The install prefix (the directory holding sbin/, etc/, mod/). */
  readonly prefix: string;
  /** Path of the sbin/ss shim, used to re-execute when daemonizing. */
  readonly script: string;
  readonly argv: readonly string[];
}

function loginName(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'survivor');
  }
}

/** Where a daemonized scheduler's stderr goes: beside the state directory. */
export function logFileOf(config: Config): string {
  return join(dirname(config.instance.stateDir), 'ss.log');
}

async function load(entry: SsEntry, options: SsOptions): Promise<Config> {
  return loadConfig({ prefix: entry.prefix, instanceFile: options.instanceFile, instanceName: options.instance, moduleDir: options.moduleDir });
}

/** Runs `ss`; sets process.exitCode (0 ok, 1 failure, 2 usage, 3 configuration). */
export async function main(entry: SsEntry): Promise<void> {
  const parsed = await parseSsOptions(entry.argv);
  if (parsed.options === undefined) {
    (parsed.exitCode === 0 ? process.stdout : process.stderr).write((parsed.output ?? '') + '\n');
    process.exitCode = parsed.exitCode;
    return;
  }
  const options = parsed.options;
  if (options.version) {
    process.stdout.write(`survivor ss ${survivorVersion()}\n`);
    return;
  }
  let config: Config;
  try {
    config = await load(entry, options);
  } catch (err) {
    process.stderr.write(err instanceof ConfigError ? `ss: configuration errors:\n${err.message}\n` : `ss: ${(err as Error).message}\n`);
    process.exitCode = 3;
    return;
  }
  const pidFile = options.pidfile ?? config.instance.pidFile;
  const role = process.env[ROLE_ENV] as SsRole | undefined;
  const holder = role === 'scheduler-under-keepalive' ? undefined : runningPid(pidFile);
  if (holder !== undefined) {
    process.stderr.write(`ss: another scheduler is running on instance ${config.instance.name} (pid ${holder}, ${pidFile})\n`);
    process.exitCode = 1;
    return;
  }

  if (!options.foreground && role === undefined) {
    const args = options.keepalive ? [...entry.argv] : [...entry.argv, '-D'];
    const env = { ...process.env, [ROLE_ENV]: options.keepalive ? 'keepalive' : undefined };
    try {
      const pid = await daemonize({ script: entry.script, args, env, logFile: logFileOf(config), pidFile });
      process.stdout.write(`ss: instance ${config.instance.name} started (pid ${pid}); logs in ${logFileOf(config)}\n`);
    } catch (err) {
      process.stderr.write(`ss: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
    return;
  }

  const sink = createLogger({
    method: options.log,
    level: options.debug !== undefined && options.debug > 0 ? 'debug' : config.instance.logLevel,
    instance: config.instance.name,
    name: role === 'keepalive' ? 'ss-keepalive' : 'ss',
  });
  const log = sink.logger;

  if (role === 'keepalive') {
    acquirePidfile(pidFile);
    runKeepalive({
      script: entry.script,
      args: [...entry.argv.filter((a) => a !== '-k' && a !== '--keepalive'), '-D'],
      env: { ...process.env, [ROLE_ENV]: 'scheduler-under-keepalive' },
      log,
      onExit: (code) => {
        releasePidfile(pidFile);
        sink.flush();
        process.exit(code);
      },
    });
    return;
  }
  if (options.keepalive) log.warn('-k works only when ss daemonizes; with -D let systemd or init restart it');
  await runScheduler(entry, options, config, pidFile, role === undefined, sink);
}

async function runScheduler(
  entry: SsEntry,
  options: SsOptions,
  config: Config,
  pidFile: string,
  ownsPidfile: boolean,
  sink: ReturnType<typeof createLogger>,
): Promise<void> {
  const log = sink.logger;
  if (ownsPidfile) acquirePidfile(pidFile);
  // Sized at start-up; a reload that grows the instance a lot wants a restart to get more threads.
  const store = new StateStore({
    ...instanceStoreOptions(config.instance),
    writerThread: true,
    writerThreads: writerThreadsFor(config.pairs.length),
    onWriterFailure: ({ lane, error, failuresInARow, retryInMs }) =>
      log.warn({ thread: lane, err: error.message, failuresInARow, retryInMs }, 'record writer thread failed; its results are recorded on the main thread until it restarts'),
  });
  const runner = new ExecutorPool({ size: config.instance.executors, kind: config.instance.executorProgram });
  log.info({ executors: config.instance.executors, program: runner.kind }, 'executors started');
  const alerts = new AlertStore(store, { onCorrupt: (report) => log.error({ report }, 'unreadable alert state file ignored') });
  const scheduler = new Scheduler(config, {
    store,
    runner,
    log,
    smart: options.smart && config.instance.smartScheduling,
    ...(options.checkWorkers !== undefined ? { checkWorkers: options.checkWorkers } : {}),
  });

  const alerting = new AlertScheduler({
    config: () => scheduler.currentConfig,
    store,
    alerts,
    runner,
    log: log.child({ loop: 'alert' }),
    prefix: entry.prefix,
    rcOf: (service, host) => scheduler.rcOf(service, host),
    disabled: (service, host, now) => scheduler.isDisabled(service, host, now),
    who: loginName(),
    ...(options.alertWorkers !== undefined ? { alertWorkers: options.alertWorkers } : {}),
  });

  let stopping = false;
  /** The web monitor, when instance.cf has `web listen`: started after the schedulers, stopped first. */
  let web: WebServer | undefined;
  const finish = (code: number): void => {
    if (ownsPidfile) releasePidfile(pidFile);
    log.info({ code }, 'scheduler stopped');
    sink.flush();
    process.exit(code);
  };
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) {
      log.warn({ signal }, 'second signal: forcing exit');
      await runner.close();
      return finish(1);
    }
    stopping = true;
    await web?.close().catch((err: unknown) => log.warn({ err }, 'web monitor did not close cleanly'));
    log.info({ signal, graceMs: SHUTDOWN_GRACE_MS }, 'stopping: no new checks, waiting for running ones');
    const [idle] = await Promise.all([scheduler.stop(SHUTDOWN_GRACE_MS), alerting.stop(SHUTDOWN_GRACE_MS)]);
    if (!idle) log.warn('grace period over: killing the checks still running');
    await runner.close();
    await store.close();
    finish(0);
  };
  let reloading: Promise<void> = Promise.resolve();
  const reload = async (): Promise<void> => {
    log.info('SIGHUP: loading the configuration');
    const begin = performance.now();
    try {
      const next = await load(entry, options);
      const loadedMs = Math.round(performance.now() - begin);
      await scheduler.reload(next);
      log.info({ pairs: next.pairs.length, loadMs: loadedMs, swapMs: Math.round(performance.now() - begin) }, 'configuration reloaded');
    } catch (err) {
      if (err instanceof ConfigError) {
        log.error({ problems: err.problems }, `configuration not reloaded, keeping the running one:\n${err.message}`);
      } else {
        log.error({ err }, 'configuration not reloaded, keeping the running one');
      }
    }
  };

  process.on('SIGHUP', () => {
    reloading = reloading.then(reload);
  });
  for (const s of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) process.on(s, () => void shutdown(s));
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception');
    if (ownsPidfile) releasePidfile(pidFile);
    sink.flush();
    process.exit(1);
  });

  try {
    await scheduler.start();
    alerting.start();
  } catch (err) {
    log.fatal({ err }, 'cannot start the scheduler');
    await runner.close();
    return finish(1);
  }
  if (config.instance.web.listen !== undefined) {
    try {
      // Loaded only when configured: the web monitor's modules are ~10 MB of a daemon's resident memory.
      const { startWebServer } = await import('../web/web-server.js');
      web = await startWebServer({ config: () => scheduler.currentConfig, prefix: entry.prefix, store, log: log.child({ part: 'web' }), running: (service, host) => scheduler.isChecking(service, host) });
      log.info({ url: `${web.url}/monitor/` }, 'web monitor started');
    } catch (err) {
      log.error({ err, listen: config.instance.web.listen }, 'cannot start the web monitor; the scheduler runs without it');
    }
  }
  const i = config.instance;
  log.info({ pid: process.pid, pairs: config.pairs.length, pollIntervalMs: i.pollIntervalMs }, 'scheduler started');
  if (options.foreground) {
    // stdout is otherwise unused: the banner never mixes with the JSON log lines on stderr.
    process.stdout.write(
      `\nSurvivor ${survivorVersion()}: instance ${i.name}, ${config.pairs.length} service@host pairs, pid ${process.pid}\n` +
        `  state:   ${i.stateDir}\n  history: ${i.historyDir}\n  logs:    ${options.log === 'std' ? 'stderr (this terminal), JSON lines' : options.log}\n` +
        (web !== undefined ? `  monitor: ${web.url}/monitor/\n` : '') +
        `  status:  sbin/sc -i ${i.name} status\n  stop:    Ctrl-C\n\n`,
    );
  }
}
