/**
 * One problem found while loading the configuration. `sc checkcf` prints each
 * as `file:line: [section] key: message (expected …, found …)`.
 */
export interface ConfigProblem {
  readonly file: string;
  /** 1-based line; 0 when the problem concerns the whole file. */
  readonly line: number;
  readonly section?: string;
  readonly key?: string;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}` : p.file;
  const ctx = [p.section !== undefined ? `[${p.section}]` : '', p.key ?? ''].filter((s) => s !== '').join(' ');
  const detail = [p.expected !== undefined ? `expected ${p.expected}` : '', p.found !== undefined ? `found ${p.found}` : '']
    .filter((s) => s !== '')
    .join(', ');
  return `${where}: ${ctx !== '' ? ctx + ': ' : ''}${p.message}${detail !== '' ? ` (${detail})` : ''}`;
}

/** Thrown by loadConfig when the configuration has at least one problem. */
export class ConfigError extends Error {
  readonly code = 'SURVIVOR_CONFIG';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}
