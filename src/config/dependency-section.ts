/**
 * One `[depend NAME]` of dependency.cf (reference 2.6). `on = CHECK[@HOST]
 * status` is Type I (the stored status of CHECK blocks the depending checks);
 * `on = CHECK@HOST` is Type II (CHECK is run live against HOST first, and may
 * guard fixes too). Which checks or fixes depend: `checks`/`fixes` = names or
 * `all` (with `except`/`except fixes`); on which hosts: `hosts` = names or
 * `all` (with `except hosts` or `except groups`), or `groups`.
 */
import { nameProblem } from '../domain/names.js';
import type { Dependency, DependencyHosts, DependencyTargets } from './alert-model.js';
import type { NamedRef, Parsed, SectionReader } from './section-reader.js';

export const DEPEND_KEYS = ['checks', 'except', 'fixes', 'except fixes', 'hosts', 'groups', 'except hosts', 'except groups', 'on'] as const;

const ON_SYNTAX = 'on = CHECK status | CHECK@HOST status (Type I), or on = CHECK@HOST (Type II)';

/** What the other files define; a field is undefined when its file could not be read (not checked then). */
export interface DependencyContext {
  /** Check section names of check.cf. */
  readonly checks?: ReadonlySet<string>;
  /** Fix section names of check.cf. */
  readonly fixes?: ReadonlySet<string>;
  /** Groups and group aliases of host.cf. */
  readonly groups?: ReadonlySet<string>;
  /** Hosts of host.cf's classes. */
  readonly hosts?: ReadonlySet<string>;
  /** Whether `check` runs on `host`; undefined when the check's hosts are unknown. */
  readonly runsOn?: (check: string, host: string) => boolean | undefined;
}

/** Parses a [depend] section; undefined when it is too broken to describe a dependency (the problems say why). */
export function parseDependencySection(r: SectionReader, name: string, context: DependencyContext): Dependency | undefined {
  if (!r.has('on')) r.report(undefined, 'missing required key "on"', { key: 'on', expected: ON_SYNTAX });
  const on = r.parse('on', (e) => parseOn(e.value));
  const type = on?.type;
  if (on !== undefined) checkOn(r, on, context);
  let checks = targets(r, 'checks', 'except', 'check', context.checks);
  const fixes = targets(r, 'fixes', 'except fixes', 'fix', context.fixes);
  if (type === 'status' && fixes !== undefined) r.report(r.all('fixes')[0], 'only Type II dependencies (on = CHECK@HOST, without "status") guard fixes');
  if (!r.has('checks') && !r.has('fixes')) r.report(undefined, 'a dependency needs the checks or fixes that depend', { key: 'checks', expected: 'checks = A B | all, and/or fixes = F | all (Type II)' });
  if (on !== undefined && type === 'status' && checks !== undefined) {
    // A Type I dependency check never waits for its own status: `all` leaves it out (reference 2.6).
    if (checks.kind === 'all' && !checks.except.includes(on.check)) checks = { kind: 'all', except: [...checks.except, on.check] };
    else if (checks.kind === 'list' && checks.names.includes(on.check) && on.host === undefined) {
      r.report(r.all('checks')[0], `check ${on.check} cannot wait for its own status`, { expected: `a list without ${on.check}, or on = ${on.check}@HOST status`, found: on.check });
    }
  }
  const hosts = hostSpec(r, context);
  if (on === undefined || type === undefined || hosts === undefined || (checks === undefined && fixes === undefined)) return undefined;
  return {
    name,
    type,
    ...(checks !== undefined ? { checks } : {}),
    ...(fixes !== undefined && type === 'live' ? { fixes } : {}),
    hosts,
    on: { check: on.check, ...(on.host !== undefined ? { host: on.host } : {}) },
    source: { file: r.file, line: r.line },
  };
}

interface On {
  readonly type: 'status' | 'live';
  readonly check: string;
  readonly host?: string;
}

/** `CHECK status`, `CHECK@HOST status`, `CHECK@HOST`; the check is the part before the first `@`. */
export function parseOn(text: string): Parsed<On> {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  const status = words.length === 2 && words[1]?.toLowerCase() === 'status';
  if (words.length !== 1 && !status) return { problem: 'not a dependency', expected: ON_SYNTAX };
  const target = words[0] ?? '';
  const at = target.indexOf('@');
  const check = at < 0 ? target : target.slice(0, at);
  const host = at < 0 ? undefined : target.slice(at + 1);
  for (const n of host === undefined ? [check] : [check, host]) {
    const bad = nameProblem(n);
    if (bad !== undefined) return { problem: bad, expected: ON_SYNTAX };
  }
  if (!status && host === undefined) return { problem: 'a Type II dependency names the host to run the check against; a Type I one ends in "status"', expected: ON_SYNTAX };
  return { value: { type: status ? 'status' : 'live', check, ...(host !== undefined ? { host } : {}) } };
}

function checkOn(r: SectionReader, on: On, context: DependencyContext): void {
  const e = r.entry('on');
  if (context.checks !== undefined && !context.checks.has(on.check)) {
    r.report(e, `check ${on.check} is not defined in check.cf`, { found: on.check });
  } else if (on.type === 'status' && on.host !== undefined && context.runsOn?.(on.check, on.host) === false) {
    r.report(e, `check ${on.check} does not run on host ${on.host}, so it has no status there`, { expected: `a host of check ${on.check}`, found: on.host });
  }
}

/** `checks = A B | all` with `except = …` (or fixes); undefined when the key is absent. */
function targets(r: SectionReader, key: string, exceptKey: string, what: string, defined: ReadonlySet<string> | undefined): DependencyTargets | undefined {
  const names = r.names(key);
  const all = names.length === 1 && names[0]?.name === 'all';
  if (names.some((n) => n.name === 'all') && !all) r.report(r.all(key)[0], `"all" stands alone in ${key}`, { key, expected: `${key} = all, or ${key} = A B …` });
  if (r.has(exceptKey) && !all) r.report(r.all(exceptKey)[0], `"${exceptKey}" goes with ${key} = all`, { expected: `${key} = all` });
  const except = known(r, r.names(exceptKey), exceptKey, what, defined);
  if (!r.has(key)) return undefined;
  if (all) return { kind: 'all', except };
  return { kind: 'list', names: known(r, names.filter((n) => n.name !== 'all'), key, what, defined) };
}

/** Names that are defined (when `defined` is known) and listed once; others are reported. */
function known(r: SectionReader, refs: readonly NamedRef[], key: string, what: string, defined: ReadonlySet<string> | undefined, where = 'check.cf'): string[] {
  const out: string[] = [];
  for (const { name, line } of refs) {
    if (out.includes(name)) r.report(line, `${what} ${name} is listed twice`, { key, found: name });
    else if (defined !== undefined && !defined.has(name)) r.report(line, `${what} ${name} is not defined in ${where}`, { key, found: name });
    else out.push(name);
  }
  return out;
}

function hostSpec(r: SectionReader, context: DependencyContext): DependencyHosts | undefined {
  const hosts = r.names('hosts');
  const all = hosts.length === 1 && hosts[0]?.name === 'all';
  const exceptHosts = known(r, r.names('except hosts'), 'except hosts', 'host', context.hosts, 'host.cf');
  const exceptGroups = known(r, r.names('except groups'), 'except groups', 'group', context.groups, 'host.cf');
  for (const key of ['except hosts', 'except groups']) {
    if (r.has(key) && !all) r.report(r.all(key)[0], `"${key}" goes with hosts = all`, { expected: 'hosts = all' });
  }
  if (r.has('except hosts') && r.has('except groups')) r.report(r.all('except groups')[0], 'give "except hosts" or "except groups", not both');
  if (r.has('hosts') && r.has('groups')) r.report(r.all('groups')[0], 'give "hosts" or "groups", not both', { expected: 'hosts = all | H …, or groups = G …' });
  if (!r.has('hosts') && !r.has('groups')) {
    r.report(undefined, 'a dependency needs the hosts it applies to', { key: 'hosts', expected: 'hosts = all | H …, or groups = G …' });
    return undefined;
  }
  if (r.has('groups')) return { kind: 'groups', groups: known(r, r.names('groups'), 'groups', 'group', context.groups, 'host.cf') };
  if (hosts.some((h) => h.name === 'all') && !all) r.report(r.all('hosts')[0], '"all" stands alone in hosts', { expected: 'hosts = all, or hosts = H …' });
  if (!all) return { kind: 'hosts', hosts: known(r, hosts.filter((h) => h.name !== 'all'), 'hosts', 'host', context.hosts, 'host.cf') };
  if (r.has('except hosts')) return { kind: 'all-except-hosts', hosts: exceptHosts };
  if (r.has('except groups')) return { kind: 'all-except-groups', groups: exceptGroups };
  return { kind: 'all' };
}
