/**
 * The I/O half of check.cf: checks every module a check, fix or transport
 * names against the module directory, types its options with the module's
 * manifest, settles protocols and nagios commands, and checks helpfiles.
 */
import { access } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { nameProblem } from '../domain/names.js';
import type { CheckDraft, CheckFileDraft, ModuleUse, SimpleCheckDraft } from './check-draft.js';
import { templateReferences } from './command-template.js';
import type { ConfigProblem } from './config-error.js';
import type { Check, Fix, ModuleOptions, SimpleCheck, Transport } from './config-model.js';
import { type ModuleCatalog, type ModuleInfo, executableProblem } from './module-catalog.js';
import type { ModuleManifest } from './module-manifest.js';
import { resolveModuleOptions } from './module-options.js';

export interface CheckFileResult {
  readonly checks: Map<string, Check>;
  readonly fixes: Map<string, Fix>;
  readonly transports: Map<string, Transport>;
}

/**
 * Completes the parsed check.cf. Every problem is appended to `problems`, in
 * file order of the sections; the maps hold what could be completed.
 */
export async function resolveCheckFile(draft: CheckFileDraft, catalog: ModuleCatalog, problems: ConfigProblem[]): Promise<CheckFileResult> {
  // Each definition collects into its own list so the order of problems does not depend on I/O timing.
  const [checks, fixes, transports] = await Promise.all([
    Promise.all(draft.checks.map((d) => resolveCheck(d, catalog))),
    Promise.all(draft.fixes.map(async (d) => collect(async (p) => ({ ...d.fix, options: await moduleOptions(d.use, catalog, p) })))),
    Promise.all(draft.transports.map(async (d) => collect(async (p) => ({ ...d.transport, options: await moduleOptions(d.use, catalog, p) })))),
  ]);
  for (const r of [...checks, ...fixes, ...transports]) problems.push(...r.problems);
  return {
    checks: new Map(checks.map((r) => [r.value.name, r.value])),
    fixes: new Map(fixes.map((r) => [r.value.name, r.value])),
    transports: new Map(transports.map((r) => [r.value.name, r.value])),
  };
}

async function collect<T>(work: (problems: ConfigProblem[]) => Promise<T>): Promise<{ value: T; problems: ConfigProblem[] }> {
  const problems: ConfigProblem[] = [];
  const value = await work(problems);
  return { value, problems };
}

function problemAt(use: { file: string; section: string }, line: number, key: string, message: string, found?: string): ConfigProblem {
  return { file: use.file, line, section: use.section, key, message, ...(found !== undefined ? { found } : {}) };
}

async function moduleOptions(use: ModuleUse, catalog: ModuleCatalog, problems: ConfigProblem[]): Promise<ModuleOptions> {
  const info = await catalog.inspect(use.kind, use.module);
  if (info.problem !== undefined) problems.push(problemAt(use, use.line, 'module', `${use.kind} module ${use.module} cannot be used: ${info.problem}`, use.module));
  return resolveModuleOptions(use.options, info.manifest, use, problems);
}

async function resolveCheck(draft: CheckDraft, catalog: ModuleCatalog): Promise<{ value: Check; problems: ConfigProblem[] }> {
  const problems: ConfigProblem[] = [];
  const helpfile = draft.check.helpfile;
  if (helpfile !== undefined && draft.helpfileLine !== undefined) {
    try {
      await access(helpfile);
    } catch {
      problems.push(problemAt({ file: draft.check.source.file, section: `check ${draft.check.name}` }, draft.helpfileLine, 'helpfile', `helpfile ${helpfile} does not exist`));
    }
  }
  if (draft.kind === 'composite') return { value: draft.check, problems };
  return { value: await resolveSimpleCheck(draft, catalog, problems), problems };
}

async function resolveSimpleCheck(draft: SimpleCheckDraft, catalog: ModuleCatalog, problems: ConfigProblem[]): Promise<SimpleCheck> {
  const { use, command } = draft;
  const first = command?.words[0];
  let info: ModuleInfo | undefined;
  if (!draft.moduleFromCommand) info = await catalog.inspect('check', use.module);
  else if (first !== undefined && !isAbsolute(first)) {
    const bad = nameProblem(first);
    if (bad !== undefined) problems.push(problemAt(use, use.line, 'command', `the command must start with an absolute path or a module name in mod/check: ${bad}`, first));
    else info = await catalog.inspect('check', first);
  }
  if (info?.problem !== undefined) {
    const key = draft.moduleFromCommand ? 'command' : 'module';
    problems.push(problemAt(use, use.line, key, `check module ${use.module} cannot be used: ${info.problem}`, use.module));
  }
  const manifest: ModuleManifest | undefined = info?.manifest;
  const protocol = draft.protocol ?? (draft.moduleFromCommand ? 'nagios' : (manifest?.protocol ?? 'batch'));
  const options = resolveModuleOptions(use.options, manifest, use, problems);
  let argv: string[] | undefined;
  if (protocol === 'nagios') {
    if (command === undefined || first === undefined) {
      problems.push(problemAt(use, draft.protocolLine ?? use.line, 'command', 'protocol nagios needs command = <plugin> <arguments>'));
    } else {
      argv = [await commandPath(first, draft, catalog, problems), ...command.words.slice(1)];
      for (const ref of templateReferences(command.words)) {
        if (ref !== 'HOST' && ref !== 'SERVICE' && !Object.hasOwn(options, ref)) {
          problems.push(problemAt(use, command.line, 'command', `$${ref} is neither HOST, SERVICE nor an option of this check`, `$${ref}`));
        }
      }
    }
  } else if (command !== undefined && draft.protocol === undefined) {
    problems.push(problemAt(use, command.line, 'command', `command is only used with protocol = nagios; module ${use.module} uses ${protocol}`));
  }
  return { ...draft.check, options, protocol, ...(argv !== undefined ? { command: argv } : {}) };
}

/** The absolute path of the command's executable; module names are looked up in mod/check. */
async function commandPath(first: string, draft: SimpleCheckDraft, catalog: ModuleCatalog, problems: ConfigProblem[]): Promise<string> {
  const line = draft.command?.line ?? draft.use.line;
  if (isAbsolute(first)) {
    // Through a transport the plugin runs on the monitored host, whose files are not ours to check.
    const bad = draft.check.via === undefined ? await executableProblem(first) : undefined;
    if (bad !== undefined) problems.push(problemAt(draft.use, line, 'command', `the command cannot be run: ${bad}`, first));
    return first;
  }
  // Without a module key the command's first word was already looked up (and reported) as the module.
  const report = !draft.moduleFromCommand;
  const bad = nameProblem(first);
  if (bad !== undefined) {
    if (report) problems.push(problemAt(draft.use, line, 'command', `the command must start with an absolute path or a module name in mod/check: ${bad}`, first));
    return first;
  }
  const info = await catalog.inspect('check', first);
  if (report && info.problem !== undefined) problems.push(problemAt(draft.use, line, 'command', `the command cannot be run: ${info.problem}`, first));
  return info.path;
}
