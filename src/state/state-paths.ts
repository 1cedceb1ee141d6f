import { join } from 'node:path';
import { nameProblem } from '../domain/names.js';
import { STATE_ERROR_CODES, StateError } from './state-error.js';

/** The two heartbeat files under <statedir>/running/. */
export type RunningKind = 'check' | 'alert';

/** Per-pair files of <statedir>/host/<host>/<service>/ (docs/state.md). */
export type PairStateFile =
  | 'checkstatus'
  | 'alertstatus'
  | 'acknowledge'
  | 'noalert'
  | 'escalate'
  | 'token'
  | 'fixstatus'
  | 'disabled';

/**
 * The layout of <statedir>. Only src/state knows it; everything else asks a
 * StateStore. Names are checked before they become path components, so a
 * hostile "../x" can never escape the tree.
 */
export class StatePaths {
  readonly root: string;
  /** <statedir>/host, normalized once: pair paths below are built by concatenation. */
  readonly hostRoot: string;
  private readonly lockRoot: string | undefined;

  /** @param lockDir where pair locks live instead of in each pair's directory (`lock directory`) */
  constructor(stateDir: string, lockDir?: string) {
    this.root = stateDir;
    this.hostRoot = join(stateDir, 'host');
    this.lockRoot = lockDir === undefined ? undefined : join(lockDir);
  }

  get runningDir(): string {
    return join(this.root, 'running');
  }
  get noticesDir(): string {
    return join(this.root, 'notices');
  }
  get serviceRoot(): string {
    return join(this.root, 'service');
  }
  get calllistRoot(): string {
    return join(this.root, 'calllist');
  }
  get fixLocksDir(): string {
    return join(this.root, 'fix', 'locks');
  }
  /** The web monitor's secret and token denylist (docs/state.md). */
  get webDir(): string {
    return join(this.root, 'web');
  }
  /** Every directory reconcile creates directly under the state root. */
  get skeleton(): readonly string[] {
    return [this.hostRoot, this.runningDir, this.noticesDir, this.serviceRoot, this.calllistRoot, this.fixLocksDir];
  }

  // Checked names hold no "/" and are never "." or "..": concatenating them gives what path.join would,
  // without its normalization pass (a reconcile of 100,000 pairs built ~700 MB of garbage with join).
  hostDir(host: string): string {
    return `${this.hostRoot}/${checkedName(host, 'host')}`;
  }
  pairDir(service: string, host: string): string {
    return `${this.hostDir(host)}/${checkedName(service, 'service')}`;
  }
  pairFile(service: string, host: string, file: PairStateFile): string {
    return `${this.pairDir(service, host)}/${file}`;
  }
  checkStatus(service: string, host: string): string {
    return this.pairFile(service, host, 'checkstatus');
  }
  /**
   * The proper-lockfile lock directory guarding all of the pair's state and
   * history: <pair dir>/lock, or <lock directory>/<host>/<service> when the
   * instance puts its locks elsewhere (a tmpfs: no disk metadata per check).
   */
  pairLock(service: string, host: string): string {
    if (this.lockRoot === undefined) return `${this.pairDir(service, host)}/lock`;
    return `${this.lockRoot}/${checkedName(host, 'host')}/${checkedName(service, 'service')}`;
  }
  serviceDir(service: string): string {
    return join(this.serviceRoot, checkedName(service, 'service'));
  }
  running(kind: RunningKind): string {
    return join(this.runningDir, kind);
  }
}

/** Returns the name unchanged, or throws SURVIVOR_STATE_BAD_NAME. */
export function checkedName(name: string, what: 'host' | 'service'): string {
  const problem = nameProblem(name);
  if (problem !== undefined) {
    throw new StateError(STATE_ERROR_CODES.BAD_NAME, `bad ${what} name ${JSON.stringify(name)}: ${problem}`);
  }
  return name;
}
