import { join } from 'node:path';
import { checkedName } from '../state/state-paths.js';

/** The four history files of a pair (docs/state.md); only checkhistory and commandhistory are written so far. */
export type HistoryKind = 'checkhistory' | 'alerthistory' | 'commandhistory' | 'fixhistory';

export const HISTORY_KINDS: readonly HistoryKind[] = ['checkhistory', 'alerthistory', 'commandhistory', 'fixhistory'];

/**
 * The layout of <historydir>: host/<host>/<service>/<kind>. Only src/history
 * and src/state know it. Names are checked before they become path components.
 */
export class HistoryPaths {
  readonly root: string;
  /** <historydir>/host, normalized once (StatePaths says why the rest is concatenated). */
  readonly hostRoot: string;

  constructor(historyDir: string) {
    this.root = historyDir;
    this.hostRoot = join(historyDir, 'host');
  }

  hostDir(host: string): string {
    return `${this.hostRoot}/${checkedName(host, 'host')}`;
  }
  pairDir(service: string, host: string): string {
    return `${this.hostDir(host)}/${checkedName(service, 'service')}`;
  }
  file(service: string, host: string, kind: HistoryKind): string {
    return `${this.pairDir(service, host)}/${kind}`;
  }
  /**
   * Lock directory for archiving the history of a pair that is no longer
   * configured (it has no state directory, and nothing appends to it).
   */
  staleLock(service: string, host: string): string {
    return `${this.pairDir(service, host)}/lock`;
  }
}
