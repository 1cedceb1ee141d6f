import { join } from 'node:path';
import { checkedName } from '../state/state-paths.js';
import type { ArchiveTarget } from './archive-history-file.js';
import type { HistoryKind } from './history-paths.js';

/**
 * Where `sc archivehistory` puts archived records (reference 1.4, 4.6): a tree
 * `<dir>/<host>/<service>/<kind>` mirroring the live layout, or one file in
 * which every line is prefixed `<kind>:<service>@<host>:`. Both are appended to.
 */
export type ArchiveDestination = { readonly directory: string } | { readonly file: string };

/** The file and line prefix for one history file of a pair. Pure; bad names throw SURVIVOR_STATE_BAD_NAME. */
export function archiveTarget(dest: ArchiveDestination, service: string, host: string, kind: HistoryKind): ArchiveTarget {
  const s = checkedName(service, 'service');
  const h = checkedName(host, 'host');
  if ('directory' in dest) return { path: join(dest.directory, h, s, kind), prefix: '' };
  return { path: dest.file, prefix: `${kind}:${s}@${h}:` };
}
