/**
 * check.cf: `[defaults]` (positional, like 1.0's `default` statements: they
 * apply to the sections after them), `[check NAME]`, `[fix NAME]` and
 * `[transport NAME]`. Fixes and transports may be defined anywhere in the
 * file; composite components must come before the composite.
 */
import type { CheckDraft, CheckFileDraft, FixDraft, TransportDraft } from './check-draft.js';
import { CHECK_KEYS, type CheckDefaults, type CheckSectionContext, parseCheckSection, readVia } from './check-section.js';
import type { ConfigProblem } from './config-error.js';
import type { IniDocument } from './ini-reader.js';
import { OPTION_PREFIX, readModuleUse } from './module-use.js';
import { SectionReader, knownSections } from './section-reader.js';

export const TRANSPORT_KEYS = ['module'] as const;
export const INITIAL_DEFAULTS: CheckDefaults = { timeoutMs: 45_000, lockExpiryMs: 120_000 };

export const DEFAULTS_KEYS = ['timeout', 'check via', 'fix via', 'expire fix lock after'] as const;
export const FIX_KEYS = ['module', 'via', 'lock', 'expire lock after', 'timeout'] as const;
const LOCK_SCOPES = ['pair', 'host', 'service'] as const;

export interface CheckFileContext {
  /** Schedules of schedule.cf; undefined when it could not be read (references are then not checked). */
  readonly schedules?: ReadonlySet<string>;
  /** Alert plans and plan aliases of schedule.cf; undefined when it could not be read. */
  readonly alertPlans?: ReadonlySet<string>;
  /** Base of relative helpfile names. */
  readonly helpDir: string;
}

interface Reference {
  readonly kind: 'fix' | 'transport';
  readonly name: string;
  readonly line: number;
  readonly reader: SectionReader;
  readonly key: string;
}

/** Parses check.cf, reporting every problem; never throws. */
export function parseCheckFile(doc: IniDocument, context: CheckFileContext, problems: ConfigProblem[]): CheckFileDraft {
  const sections = knownSections(doc, { defaults: false, check: true, fix: true, transport: true }, problems);
  const checkLines = new Map<string, number>();
  for (const s of sections) if (s.type === 'check' && s.name !== undefined && !checkLines.has(s.name)) checkLines.set(s.name, s.line);
  const references: Reference[] = [];
  const refer = (kind: Reference['kind'], name: string, line: number, reader: SectionReader, key: string): void => {
    references.push({ kind, name, line, reader, key });
  };
  const checks = new Map<string, CheckDraft>();
  const fixes: FixDraft[] = [];
  const transports: TransportDraft[] = [];
  let defaults = INITIAL_DEFAULTS;
  for (const section of sections) {
    const name = section.name ?? '';
    if (section.type === 'defaults') {
      const r = new SectionReader(doc.file, section, { keys: DEFAULTS_KEYS }, problems);
      const checkVia = readVia(r, 'check via', defaults.checkVia, { refer });
      const fixVia = readVia(r, 'fix via', defaults.fixVia, { refer });
      defaults = {
        timeoutMs: r.interval('timeout', 0) ?? defaults.timeoutMs,
        lockExpiryMs: r.interval('expire fix lock after') ?? defaults.lockExpiryMs,
        ...(checkVia !== undefined ? { checkVia } : {}),
        ...(fixVia !== undefined ? { fixVia } : {}),
      };
    } else if (section.type === 'check') {
      const r = new SectionReader(doc.file, section, { keys: CHECK_KEYS, prefixes: [OPTION_PREFIX] }, problems);
      const sectionContext: CheckSectionContext = { defaults, helpDir: context.helpDir, earlier: checks, checkLines, refer, ...(context.schedules ? { schedules: context.schedules } : {}), ...(context.alertPlans ? { alertPlans: context.alertPlans } : {}) };
      const draft = parseCheckSection(r, name, sectionContext);
      if (draft !== undefined && !checks.has(name)) checks.set(name, draft);
    } else if (section.type === 'fix') {
      const r = new SectionReader(doc.file, section, { keys: FIX_KEYS, prefixes: [OPTION_PREFIX] }, problems);
      const use = readModuleUse(r, 'fix');
      const via = readVia(r, 'via', defaults.fixVia, { refer });
      const fix = {
        name,
        module: use?.module ?? '',
        ...(via !== undefined ? { via } : {}),
        lockScope: r.oneOf('lock', LOCK_SCOPES) ?? 'pair',
        lockExpiryMs: r.interval('expire lock after') ?? defaults.lockExpiryMs,
        timeoutMs: r.interval('timeout', 0) ?? defaults.timeoutMs,
        source: { file: doc.file, line: section.line },
      };
      if (use !== undefined) fixes.push({ fix, use });
    } else {
      const r = new SectionReader(doc.file, section, { keys: TRANSPORT_KEYS, prefixes: [OPTION_PREFIX] }, problems);
      if (name === 'scheduler') r.report(undefined, 'the transport name "scheduler" is reserved (via = scheduler runs on this host)');
      const use = readModuleUse(r, 'transport');
      if (use !== undefined) transports.push({ transport: { name, module: use.module, source: { file: doc.file, line: section.line } }, use });
    }
  }
  checkReferences(references, sections.filter((s) => s.type === 'fix').map((s) => s.name ?? ''), sections.filter((s) => s.type === 'transport').map((s) => s.name ?? ''));
  return { checks: [...checks.values()], fixes, transports };
}

function checkReferences(references: readonly Reference[], fixNames: readonly string[], transportNames: readonly string[]): void {
  for (const ref of references) {
    const defined = ref.kind === 'fix' ? fixNames : transportNames;
    if (!defined.includes(ref.name)) {
      ref.reader.report(ref.line, `${ref.kind} ${ref.name} is not defined in check.cf`, {
        key: ref.key,
        expected: ref.kind === 'fix' ? 'the name of a [fix] section' : 'scheduler or the name of a [transport] section',
        found: ref.name,
      });
    }
  }
}
