/**
 * The I/O half of calllist.cf's `[alert]` sections: a format or transmit that
 * is not built in must be an executable in <moduledir>/format/ or
 * <moduledir>/transmit/ (reference 3.6, 3.7).
 */
import type { ConfigProblem } from './config-error.js';
import type { ModuleCatalog } from './module-catalog.js';

/** Formats and transmitters the daemon implements itself. */
export const BUILT_IN_FORMATS: readonly string[] = ['full', 'compact', 'sms'];
export const BUILT_IN_TRANSMITS: readonly string[] = ['mail'];

/** A `format = M` or `transmit = M` line naming something that is not built in. */
export interface AlertModuleUse {
  readonly kind: 'format' | 'transmit';
  readonly module: string;
  readonly file: string;
  readonly section: string;
  readonly line: number;
}

/** Whether `name` is built in for `kind` (no module needed). */
export function isBuiltIn(kind: AlertModuleUse['kind'], name: string): boolean {
  return (kind === 'format' ? BUILT_IN_FORMATS : BUILT_IN_TRANSMITS).includes(name);
}

/** Checks that every used module exists and is executable; problems are appended in the order of `uses`. Never rejects. */
export async function checkAlertMethodModules(uses: readonly AlertModuleUse[], catalog: ModuleCatalog, problems: ConfigProblem[]): Promise<void> {
  const found = await Promise.all(uses.map((use) => problemOf(use, catalog)));
  for (const p of found) if (p !== undefined) problems.push(p);
}

async function problemOf(use: AlertModuleUse, catalog: ModuleCatalog): Promise<ConfigProblem | undefined> {
  const info = await catalog.inspect(use.kind, use.module);
  if (info.problem === undefined) return undefined;
  const builtIn = (use.kind === 'format' ? BUILT_IN_FORMATS : BUILT_IN_TRANSMITS).join(', ');
  return {
    file: use.file,
    line: use.line,
    section: use.section,
    key: use.kind,
    message: `${use.kind} ${use.module} is neither built in nor a usable module: ${info.problem}`,
    expected: `${builtIn}, or an executable in ${use.kind}/ of the module directory`,
    found: use.module,
  };
}
