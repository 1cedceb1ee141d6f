/**
 * dependency.cf (reference 2.6): `[dependencies]` (maximum = the Type II
 * recursion bound) and `[depend NAME]` sections. The file is optional:
 * without it nothing depends on anything.
 */
import type { Dependency } from './alert-model.js';
import type { ConfigProblem } from './config-error.js';
import type { IniDocument } from './ini-reader.js';
import { findStatusCycles } from './dependency-cycles.js';
import { DEPEND_KEYS, type DependencyContext, parseDependencySection } from './dependency-section.js';
import { DEFAULT_MAX_DEPENDENCIES } from './empty-alerting.js';
import { SectionReader, knownSections } from './section-reader.js';

export const DEPENDENCY_FILE_SECTIONS = { dependencies: false, depend: true } as const;
export const DEPENDENCIES_KEYS = ['maximum'] as const;

const MAX_MAXIMUM = 1000;

export interface DependencyFile {
  /** In file order. */
  readonly dependencies: Dependency[];
  /** 0 = unbounded. */
  readonly maxDependencies: number;
}

export interface DependencyFileContext extends DependencyContext {
  /** Every check of check.cf in file order, for `checks = all`; undefined when check.cf could not be read. */
  readonly checkOrder?: readonly string[];
}

/** Parses dependency.cf, reporting every problem (Type I cycles included); never throws. */
export function parseDependencyFile(doc: IniDocument, context: DependencyFileContext, problems: ConfigProblem[]): DependencyFile {
  const sections = knownSections(doc, DEPENDENCY_FILE_SECTIONS, problems);
  const settings = sections.filter((s) => s.type === 'dependencies');
  const [first, ...extra] = settings;
  for (const s of extra) {
    problems.push({ file: doc.file, line: s.line, section: s.title, message: `[dependencies] is given more than once (first at line ${first?.line ?? 0})`, expected: 'one [dependencies] section' });
  }
  const maxDependencies = first === undefined ? DEFAULT_MAX_DEPENDENCIES : (new SectionReader(doc.file, first, { keys: DEPENDENCIES_KEYS }, problems).integer('maximum', 0, MAX_MAXIMUM) ?? DEFAULT_MAX_DEPENDENCIES);
  const dependencies: Dependency[] = [];
  const onLines = new Map<Dependency, number>();
  for (const section of sections.filter((s) => s.type === 'depend')) {
    const r = new SectionReader(doc.file, section, { keys: DEPEND_KEYS }, problems);
    const d = parseDependencySection(r, section.name ?? '', context);
    if (d === undefined) continue;
    dependencies.push(d);
    onLines.set(d, r.entry('on')?.line ?? r.line);
  }
  if (context.checkOrder !== undefined) {
    const reported = new Set<Dependency>();
    for (const cycle of findStatusCycles(dependencies, context.checkOrder)) {
      for (const d of cycle.dependencies) {
        if (reported.has(d)) continue;
        reported.add(d);
        problems.push({
          file: doc.file,
          line: onLines.get(d) ?? d.source.line,
          section: `depend ${d.name}`,
          key: 'on',
          message: `Type I dependency cycle: ${cycle.checks.join(' → ')} (each would wait for the other's status forever)`,
          expected: 'no check waiting, through dependencies, for its own status',
        });
      }
    }
  }
  return { dependencies, maxDependencies };
}
