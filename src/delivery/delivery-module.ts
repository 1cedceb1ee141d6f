import { dirname, join } from 'node:path';
import { nameProblem } from '../domain/names.js';
import { MODULE_PATH } from '../exec/module-environment.js';
import type { ProcessOutcome, ProcessRunner } from '../exec/process-run.js';
import type { AlertMessage } from './alert-message.js';

/** 1.0's kill timer for the format → transmit pipeline (reference 3.7). */
export const DELIVERY_MODULE_TIMEOUT_MS = 300_000;

export interface DeliveryModuleSettings {
  /** Starts the processes: the executor pool in the daemon, InProcessRunner in tests. */
  readonly runner: ProcessRunner;
  /** The mod/ directory, absolute. */
  readonly moduleDir: string;
  /** Working directory, HOME and TMPDIR of the modules, absolute. */
  readonly tmpDir: string;
  /** The instance name (SURVIVOR_INSTANCE). */
  readonly instance: string;
  /** SURVIVOR_PREFIX (the install prefix); default: the parent of moduleDir. */
  readonly prefix?: string;
  /** Default DELIVERY_MODULE_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /** SIGTERM → SIGKILL grace, ms; default 2000. */
  readonly graceMs?: number;
  /** Cap of stdout and stderr each, bytes; default 64 KiB. */
  readonly maxOutputBytes?: number;
}

/** What running one delivery module produced. */
export interface DeliveryModuleRun {
  readonly outcome: ProcessOutcome;
  /** The timeout the module ran under, ms. */
  readonly timeoutMs: number;
}

/**
 * Runs mod/<kind>/<name> with `stdin` and the minimal module environment
 * (SPEC §5) plus SURVIVOR_PREFIX, SURVIVOR_SERVICE, SURVIVOR_HOST,
 * SURVIVOR_ALERT and SURVIVOR_TIMEOUT (seconds); cwd = tmpDir. A name that
 * could leave mod/<kind>/ resolves to an outcome with startError set
 * (reported like a missing module). Never rejects.
 */
export async function runDeliveryModule(
  kind: 'format' | 'transmit',
  name: string,
  stdin: string,
  message: AlertMessage,
  settings: DeliveryModuleSettings,
): Promise<DeliveryModuleRun> {
  const timeoutMs = settings.timeoutMs ?? DELIVERY_MODULE_TIMEOUT_MS;
  const path = join(settings.moduleDir, kind, name);
  const problem = nameProblem(name);
  if (problem !== undefined) {
    const startError = `${kind} module name "${name}": ${problem} (ENOENT)`;
    return { timeoutMs, outcome: { exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false, startError, startedAt: Date.now(), durationMs: 0 } };
  }
  const env: Record<string, string> = {
    PATH: MODULE_PATH,
    LANG: 'C.UTF-8',
    HOME: settings.tmpDir,
    TMPDIR: settings.tmpDir,
    SURVIVOR_INSTANCE: settings.instance,
    SURVIVOR_MODDIR: settings.moduleDir,
    SURVIVOR_PREFIX: settings.prefix ?? dirname(settings.moduleDir),
    SURVIVOR_SERVICE: message.service,
    SURVIVOR_HOST: message.hosts.join(','),
    SURVIVOR_ALERT: message.alert,
    SURVIVOR_TIMEOUT: String(timeoutMs / 1000),
  };
  const outcome = await settings.runner.run({
    argv: [path],
    stdin,
    env,
    cwd: settings.tmpDir,
    timeoutMs,
    graceMs: settings.graceMs ?? 2000,
    maxOutputBytes: settings.maxOutputBytes ?? 64 * 1024,
  });
  return { outcome, timeoutMs };
}
