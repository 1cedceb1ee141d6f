/**
 * The one configuration loader, shared by `ss` start-up, SIGHUP reload and
 * `sc checkcf`: reads instance.cf and the instance's schedule.cf, host.cf,
 * check.cf and the optional calllist.cf and dependency.cf, checks modules
 * against the module directory, and returns a deeply frozen Config — or
 * throws a ConfigError listing every problem found.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { isValidName } from '../domain/names.js';
import { checkAlertMethodModules } from './alert-method-modules.js';
import type { AlertingConfig } from './alert-model.js';
import { parseAlertPlanFile } from './alert-plan-file.js';
import { parseCallListFile } from './calllist-file.js';
import { parseCheckFile } from './check-file.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import type { Check, Config, Schedule } from './config-model.js';
import { deepFreeze } from './deep-freeze.js';
import { type DependencyFileContext, parseDependencyFile } from './dependency-file.js';
import { emptyAlerting } from './empty-alerting.js';
import { type HostFile, parseHostFile } from './host-file.js';
import { type IniDocument, readIni } from './ini-reader.js';
import { parseInstanceFile } from './instance-file.js';
import { ModuleCatalog } from './module-catalog.js';
import { buildPairs } from './pair-list.js';
import { resolveCheckFile } from './resolve-check-file.js';
import { parseScheduleFile } from './schedule-file.js';
import { sectionNames } from './section-reader.js';

/** Files an instance may do without: no call lists, no dependencies. */
const OPTIONAL_FILES = ['calllist.cf', 'dependency.cf'];

export interface LoadConfigOptions {
  /** Install prefix: the directory holding etc/, mod/ and var/. Relative paths in the configuration resolve against it. */
  readonly prefix: string;
  /** Default <prefix>/etc/instance.cf. */
  readonly instanceFile?: string;
  /** Default: the only instance of instance.cf. */
  readonly instanceName?: string;
  /** Default <prefix>/mod. */
  readonly moduleDir?: string;
}

/**
 * Loads and validates one instance's configuration. Durations in the result
 * are milliseconds and paths absolute. Rejects with a ConfigError carrying
 * every problem (file, line, section, key) when anything is wrong; never
 * returns a partly valid configuration. Directories under var/ need not exist.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<Config> {
  const prefix = resolve(options.prefix);
  const instanceFile = resolve(prefix, options.instanceFile ?? 'etc/instance.cf');
  const moduleDir = resolve(prefix, options.moduleDir ?? 'mod');
  const problems: ConfigProblem[] = [];
  const fileOrder = [instanceFile];
  const fail = (): never => {
    throw new ConfigError(sortProblems(problems, fileOrder));
  };

  const instanceDoc = await readDocument(instanceFile, problems);
  if (!instanceDoc) return fail();
  const instances = parseInstanceFile(instanceDoc, { prefix, hostName: hostname() }, problems);
  const name = chooseInstance(instanceDoc, options.instanceName, problems);
  const instance = name === undefined ? undefined : instances.get(name);
  if (instance === undefined) return fail();

  const files = ['calllist.cf', 'schedule.cf', 'host.cf', 'check.cf', 'dependency.cf'].map((f) => join(instance.configDir, f));
  fileOrder.push(...files);
  const [callDoc, scheduleDoc, hostDoc, checkDoc, dependencyDoc] = await Promise.all(
    files.map((f) => readDocument(f, problems, { optional: OPTIONAL_FILES.some((o) => f.endsWith(`/${o}`)) })),
  );
  const schedules = scheduleDoc ? parseScheduleFile(scheduleDoc, problems) : new Map<string, Schedule>();
  const scheduleNames = scheduleDoc ? new Set(schedules.keys()) : undefined;
  const calls = callDoc ? parseCallListFile(callDoc, scheduleDoc ? { schedules } : {}, problems) : undefined;
  // An unreadable calllist.cf (undefined) leaves call-list references unchecked; an absent one (null) defines none.
  const callListNames = callDoc === null ? new Set<string>() : callDoc ? sectionNames(callDoc, ['calllist', 'alias']) : undefined;
  const plans = scheduleDoc ? parseAlertPlanFile(scheduleDoc, { schedules: new Set(schedules.keys()), ...(callListNames ? { callLists: callListNames } : {}) }, problems) : undefined;
  const alertPlans = scheduleDoc ? sectionNames(scheduleDoc, ['alertplan', 'alias']) : undefined;
  const references = { ...(scheduleNames ? { schedules: scheduleNames } : {}), ...(alertPlans ? { alertPlans } : {}) };
  const hosts = hostDoc ? parseHostFile(hostDoc, references, problems) : { classes: new Map(), groups: new Map(), hostClass: new Map() };
  const draft = checkDoc ? parseCheckFile(checkDoc, { helpDir: instance.helpDir, ...references }, problems) : { checks: [], fixes: [], transports: [] };
  const catalog = new ModuleCatalog(moduleDir);
  const [{ checks, fixes, transports }] = await Promise.all([
    resolveCheckFile(draft, catalog, problems),
    checkAlertMethodModules(calls?.modules ?? [], catalog, problems),
  ]);
  problems.push(...catalog.problems());
  const pairs = hostDoc ? buildPairs({ checks, ...hosts }, problems) : [];
  const dependencyFile = dependencyDoc ? parseDependencyFile(dependencyDoc, dependencyContext(checkDoc, hostDoc ? hosts : undefined, checks), problems) : undefined;
  if (problems.length > 0) return fail();

  const lists = calls ? { alertMethods: calls.alertMethods, persons: calls.persons, callLists: calls.callLists } : {};
  const alerting: AlertingConfig = { ...emptyAlerting(), ...plans, ...lists, ...dependencyFile };
  return deepFreeze<Config>({ instance, moduleDir, ...hosts, schedules, checks, fixes, transports, pairs, alerting });
}

/** What dependency.cf may refer to; parts whose file could not be read are left out (not checked). */
function dependencyContext(checkDoc: IniDocument | null | undefined, hosts: HostFile | undefined, checks: ReadonlyMap<string, Check>): DependencyFileContext {
  const runsOn = (check: string, host: string): boolean | undefined => {
    const c = checks.get(check);
    if (c === undefined || hosts === undefined) return undefined;
    return c.allHosts ? hosts.hostClass.has(host) : (hosts.groups.get(check)?.hosts.includes(host) ?? false);
  };
  return {
    ...(checkDoc ? { checks: sectionNames(checkDoc, ['check']), fixes: sectionNames(checkDoc, ['fix']), checkOrder: [...sectionNames(checkDoc, ['check'])] } : {}),
    ...(hosts ? { groups: new Set(hosts.groups.keys()), hosts: new Set(hosts.hostClass.keys()) } : {}),
    runsOn,
  };
}

/**
 * Names of the `[instance NAME]` sections of an instance.cf, in file order,
 * for tools that offer a choice. Rejects with a ConfigError only when the file
 * cannot be read; the sections themselves are not validated.
 */
export async function listInstances(instanceFile: string): Promise<string[]> {
  const problems: ConfigProblem[] = [];
  const doc = await readDocument(resolve(instanceFile), problems);
  if (!doc) throw new ConfigError(problems);
  return instanceNames(doc);
}

function instanceNames(doc: IniDocument): string[] {
  return doc.sections.filter((s) => s.type === 'instance' && s.name !== undefined && isValidName(s.name)).map((s) => s.name ?? '');
}

function chooseInstance(doc: IniDocument, wanted: string | undefined, problems: ConfigProblem[]): string | undefined {
  const names = instanceNames(doc);
  const listed = names.length > 0 ? names.join(', ') : 'none';
  if (wanted !== undefined) {
    if (names.includes(wanted)) return wanted;
    problems.push({ file: doc.file, line: 0, message: `no instance ${wanted}`, expected: `one of: ${listed}`, found: wanted });
    return undefined;
  }
  if (names.length === 1) return names[0];
  problems.push({
    file: doc.file,
    line: 0,
    message: names.length === 0 ? 'no [instance NAME] section' : 'several instances: choose one',
    expected: `an instance name (-i) among: ${listed}`,
  });
  return undefined;
}

/**
 * Reads and scans one file. undefined = it could not be read (a problem is
 * reported); null = an optional file that does not exist.
 */
async function readDocument(file: string, problems: ConfigProblem[], options: { optional?: boolean } = {}): Promise<IniDocument | null | undefined> {
  try {
    return readIni(await readFile(file, 'utf8'), file, problems);
  } catch (err) {
    if (options.optional === true && (err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    problems.push({ file, line: 0, message: `cannot read the file: ${(err as Error).message}` });
    return undefined;
  }
}

/** Files in `fileOrder` first, then the others (manifests) as they came; line order within a file; stable otherwise. */
function sortProblems(problems: readonly ConfigProblem[], fileOrder: readonly string[]): ConfigProblem[] {
  const rank = new Map<string, number>(fileOrder.map((f, i) => [f, i]));
  for (const p of problems) if (!rank.has(p.file)) rank.set(p.file, rank.size);
  return [...problems].sort((a, b) => (rank.get(a.file) ?? 0) - (rank.get(b.file) ?? 0) || a.line - b.line);
}
