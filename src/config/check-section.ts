/**
 * One `[check NAME]` section: a simple check (module, options, protocol, …)
 * or a composite one (required / optional simple checks defined earlier in
 * the file, no nesting, no component in both lists).
 */
import { basename, isAbsolute, resolve } from 'node:path';
import type { CheckDraft, CommandDraft } from './check-draft.js';
import type { CheckProtocol } from './config-model.js';
import { splitCommandTemplate } from './command-template.js';
import { CHECK_PROTOCOLS } from './module-manifest.js';
import { OPTION_PREFIX, readModuleUse, readRawOptions } from './module-use.js';
import type { NamedRef, SectionReader } from './section-reader.js';

export const CHECK_KEYS = [
  'module', 'via', 'schedule', 'alert plan', 'fix', 'all hosts', 'helpfile', 'timeout',
  'result text significant', 'protocol', 'command', 'required', 'optional',
] as const;

/** Only simple checks run a module themselves. */
const SIMPLE_ONLY = ['module', 'via', 'protocol', 'command', 'result text significant'] as const;

/** Positional `[defaults]` in effect where the section appears. */
export interface CheckDefaults {
  readonly timeoutMs: number;
  /** undefined = via scheduler. */
  readonly checkVia?: string;
  readonly fixVia?: string;
  readonly lockExpiryMs: number;
}

export interface CheckSectionContext {
  readonly defaults: CheckDefaults;
  readonly schedules?: ReadonlySet<string>;
  /** Alert plans and plan aliases of schedule.cf (not checked when undefined). */
  readonly alertPlans?: ReadonlySet<string>;
  readonly helpDir: string;
  /** Checks of the file so far, for composite components. */
  readonly earlier: ReadonlyMap<string, CheckDraft>;
  /** Line of every check section in the file, to tell "defined later" from "not defined". */
  readonly checkLines: ReadonlyMap<string, number>;
  /** Collects `fix = F` and `via = T` references; they are checked once the whole file is read. */
  readonly refer: (kind: 'fix' | 'transport', name: string, line: number, r: SectionReader, key: string) => void;
}

/** Parses a [check] section; undefined when it is too broken to describe a check (the problems say why). */
export function parseCheckSection(r: SectionReader, name: string, context: CheckSectionContext): CheckDraft | undefined {
  const schedule = r.name('schedule');
  if (schedule !== undefined && context.schedules !== undefined && !context.schedules.has(schedule)) {
    r.report(r.entry('schedule'), `schedule ${schedule} is not defined in schedule.cf`, { found: schedule });
  }
  const alertPlan = r.name('alert plan');
  if (alertPlan !== undefined && context.alertPlans !== undefined && !context.alertPlans.has(alertPlan)) {
    r.report(r.entry('alert plan'), `alert plan ${alertPlan} is not defined in schedule.cf`, { expected: 'the name of an [alertplan] or plan [alias]', found: alertPlan });
  }
  const fix = r.name('fix');
  if (fix !== undefined) context.refer('fix', fix, r.entry('fix')?.line ?? r.line, r, 'fix');
  const helpfileText = r.string('helpfile');
  const common = {
    name,
    ...(schedule !== undefined ? { schedule } : {}),
    ...(alertPlan !== undefined ? { alertPlan } : {}),
    ...(fix !== undefined ? { fix } : {}),
    allHosts: r.boolean('all hosts') ?? false,
    ...(helpfileText !== undefined ? { helpfile: isAbsolute(helpfileText) ? helpfileText : resolve(context.helpDir, helpfileText) } : {}),
    timeoutMs: r.interval('timeout', 0) ?? context.defaults.timeoutMs,
    source: { file: r.file, line: r.line },
  };
  const helpfileLine = r.entry('helpfile')?.line;
  const withHelpLine = helpfileLine !== undefined ? { helpfileLine } : {};
  if (r.has('required') || r.has('optional')) {
    for (const key of SIMPLE_ONLY) if (r.has(key)) r.report(r.entry(key), `"${key}" is not allowed in a composite check (one with required/optional)`);
    if (r.withPrefix(OPTION_PREFIX).length > 0) r.report(r.withPrefix(OPTION_PREFIX)[0], 'module options are not allowed in a composite check');
    const required = components(r, 'required', name, context).map((c) => c.name);
    const optional: string[] = [];
    for (const c of components(r, 'optional', name, context)) {
      if (required.includes(c.name)) r.report(c.line, `check ${c.name} is both required and optional`, { key: 'optional', found: c.name });
      else optional.push(c.name);
    }
    if (required.length + optional.length === 0 && r.all('required').concat(r.all('optional')).every((e) => e.value.trim() === '')) {
      r.report(undefined, 'a composite check needs at least one component', { key: 'required', expected: 'required = A B and/or optional = C' });
    }
    return { kind: 'composite', check: { ...common, kind: 'composite', required, optional }, ...withHelpLine };
  }
  const protocol = r.oneOf<CheckProtocol>('protocol', CHECK_PROTOCOLS);
  const command = readCommand(r);
  if (command !== undefined && protocol !== undefined && protocol !== 'nagios') {
    r.report(r.entry('command'), 'command is only used with protocol = nagios', { found: `protocol = ${protocol}` });
  }
  let use = r.has('module') ? readModuleUse(r, 'check') : undefined;
  let moduleFromCommand = false;
  if (!r.has('module')) {
    const first = command?.words[0];
    if (command === undefined || first === undefined) {
      r.report(undefined, 'a check needs a module, a nagios command, or required/optional components', {
        key: 'module',
        expected: 'module = M, or protocol = nagios with command = …, or required = A B',
      });
      readRawOptions(r);
      return undefined;
    }
    moduleFromCommand = true;
    use = { kind: 'check', module: basename(first), file: r.file, section: r.title, line: command.line, options: readRawOptions(r) };
  }
  if (use === undefined) return undefined;
  const via = readVia(r, 'via', context.defaults.checkVia, context);
  const protocolLine = r.entry('protocol')?.line;
  return {
    kind: 'simple',
    check: {
      ...common,
      kind: 'simple',
      module: use.module,
      ...(via !== undefined ? { via } : {}),
      resultTextSignificant: r.boolean('result text significant') ?? false,
    },
    use,
    ...(protocol !== undefined ? { protocol } : {}),
    ...(protocolLine !== undefined ? { protocolLine } : {}),
    ...(command !== undefined ? { command } : {}),
    moduleFromCommand,
    ...withHelpLine,
  };
}

/** `via = scheduler | TRANSPORT` (key `via`, or `check via`/`fix via` in [defaults]); undefined = scheduler. */
export function readVia(r: SectionReader, key: string, fallback: string | undefined, context: Pick<CheckSectionContext, 'refer'>): string | undefined {
  if (!r.has(key)) return fallback;
  const name = r.name(key);
  if (name === undefined || name === 'scheduler') return undefined;
  context.refer('transport', name, r.entry(key)?.line ?? r.line, r, key);
  return name;
}

function readCommand(r: SectionReader): CommandDraft | undefined {
  const got = r.text('command');
  if (got === undefined) return undefined;
  const split = splitCommandTemplate(got.text);
  if ('problem' in split) {
    r.report(got.entry, `bad command: ${split.problem}`, { found: JSON.stringify(got.text) });
    return undefined;
  }
  return { words: split.words, line: got.entry.line };
}

function components(r: SectionReader, key: 'required' | 'optional', self: string, context: CheckSectionContext): NamedRef[] {
  const out: NamedRef[] = [];
  for (const ref of r.names(key)) {
    const { name, line } = ref;
    const earlier = context.earlier.get(name);
    const definedAt = context.checkLines.get(name);
    if (name === self) r.report(line, 'a composite check cannot contain itself', { key, found: name });
    else if (out.some((c) => c.name === name)) r.report(line, `check ${name} is listed twice`, { key, found: name });
    else if (earlier?.kind === 'composite') r.report(line, `check ${name} is composite; components must be simple checks (no nesting)`, { key, found: name });
    else if (earlier === undefined && definedAt !== undefined && definedAt > r.line) {
      r.report(line, `check ${name} is defined later (line ${definedAt}); components must be defined before the composite`, { key, found: name });
    } else if (earlier === undefined && definedAt === undefined) r.report(line, `check ${name} is not defined`, { key, found: name });
    // An earlier check that failed to parse has its own problems already.
    else if (earlier === undefined) continue;
    else out.push(ref);
  }
  return out;
}
