/**
 * host.cf: `[class NAME]` (hosts, check schedule, alert plan), `[group NAME]`
 * (hosts) and `[alias NEWNAME]` (group = EXISTING). Every monitored host is in
 * exactly one class; groups may only name classed hosts; aliases may chain
 * (in any order) but not loop.
 */
import type { ConfigProblem } from './config-error.js';
import type { HostClass, HostGroup } from './config-model.js';
import type { IniDocument, IniSection } from './ini-reader.js';
import { SectionReader, knownSections } from './section-reader.js';

export interface HostFile {
  readonly classes: Map<string, HostClass>;
  /** Groups and resolved aliases, groups first, each in file order. */
  readonly groups: Map<string, HostGroup>;
  /** host → class, in class order then host order. */
  readonly hostClass: Map<string, string>;
}

/** Names defined elsewhere; undefined when that file could not be read (references are then not checked). */
export interface HostFileContext {
  readonly schedules?: ReadonlySet<string>;
  /** Alert plans and plan aliases of schedule.cf. */
  readonly alertPlans?: ReadonlySet<string>;
}

const RESERVED = 'all';

export const CLASS_KEYS = ['hosts', 'check schedule', 'alert plan'] as const;
export const GROUP_KEYS = ['hosts'] as const;
export const ALIAS_KEYS = ['group'] as const;

/** Parses host.cf, reporting every problem; never throws. */
export function parseHostFile(doc: IniDocument, context: HostFileContext, problems: ConfigProblem[]): HostFile {
  const sections = knownSections(doc, { class: true, group: true, alias: true }, problems);
  const classes = new Map<string, HostClass>();
  const hostClass = new Map<string, string>();
  const hostLine = new Map<string, number>();
  // Groups hold the class's string of each host, not their own spelling: with 5,000 hosts in 20 groups, the pairs share 5,000 strings instead of 100,000.
  const hostName = new Map<string, string>();
  for (const section of sections.filter((s) => s.type === 'class')) {
    const name = section.name ?? '';
    const r = new SectionReader(doc.file, section, { keys: CLASS_KEYS }, problems);
    if (name === RESERVED) r.report(undefined, `the class name "${RESERVED}" is reserved`);
    const hosts: string[] = [];
    for (const { name: host, line } of r.names('hosts')) {
      const owner = hostClass.get(host);
      if (owner !== undefined) {
        r.report(line, `host ${host} is already in class ${owner} (line ${hostLine.get(host) ?? 0}); a host is in exactly one class`, { key: 'hosts', found: host });
        continue;
      }
      hostClass.set(host, name);
      hostLine.set(host, line);
      hostName.set(host, host);
      hosts.push(host);
    }
    const checkSchedule = r.name('check schedule');
    if (checkSchedule !== undefined && context.schedules !== undefined && !context.schedules.has(checkSchedule)) {
      r.report(r.entry('check schedule'), `schedule ${checkSchedule} is not defined in schedule.cf`, { found: checkSchedule });
    }
    const alertPlan = r.name('alert plan');
    if (alertPlan !== undefined && context.alertPlans !== undefined && !context.alertPlans.has(alertPlan)) {
      r.report(r.entry('alert plan'), `alert plan ${alertPlan} is not defined in schedule.cf`, { expected: 'the name of an [alertplan] or plan [alias]', found: alertPlan });
    }
    const source = { file: doc.file, line: section.line };
    classes.set(name, {
      name,
      hosts,
      ...(checkSchedule !== undefined ? { checkSchedule } : {}),
      ...(alertPlan !== undefined ? { alertPlan } : {}),
      source,
    });
  }
  const groups = new Map<string, HostGroup>();
  for (const section of sections.filter((s) => s.type === 'group')) {
    const name = section.name ?? '';
    const r = new SectionReader(doc.file, section, { keys: GROUP_KEYS }, problems);
    if (name === RESERVED) r.report(undefined, `the group name "${RESERVED}" is reserved`);
    const hosts: string[] = [];
    const seen = new Set<string>();
    for (const { name: spelt, line } of r.names('hosts')) {
      const host = hostName.get(spelt);
      if (host === undefined) r.report(line, `host ${spelt} is in no class; define it in a [class] first`, { key: 'hosts', found: spelt });
      else if (seen.has(host)) r.report(line, `host ${host} is listed twice in this group`, { key: 'hosts', found: host });
      else {
        seen.add(host);
        hosts.push(host);
      }
    }
    groups.set(name, { name, hosts, source: { file: doc.file, line: section.line } });
  }
  resolveAliases(doc.file, sections.filter((s) => s.type === 'alias'), groups, problems);
  return { classes, groups, hostClass };
}

function resolveAliases(file: string, sections: readonly IniSection[], groups: Map<string, HostGroup>, problems: ConfigProblem[]): void {
  const targets = new Map<string, { target: string; reader: SectionReader }>();
  for (const section of sections) {
    const name = section.name ?? '';
    const r = new SectionReader(file, section, { keys: ALIAS_KEYS }, problems);
    if (name === RESERVED) r.report(undefined, `the group name "${RESERVED}" is reserved`);
    const clash = groups.get(name);
    if (clash !== undefined) r.report(undefined, `alias ${name} has the name of the group defined at line ${clash.source.line}`);
    if (!r.has('group')) r.report(undefined, 'missing required key "group"', { key: 'group', expected: 'group = EXISTING-GROUP' });
    const target = r.name('group');
    if (target !== undefined && clash === undefined) targets.set(name, { target, reader: r });
  }
  const resolved = new Map<string, HostGroup>();
  for (const [name, { target, reader }] of targets) {
    const chain = [name];
    let current = target;
    for (;;) {
      if (chain.includes(current)) {
        // Only the aliases on the loop report it; an alias leading into a loop is left out silently.
        if (current === name) reader.report(reader.entry('group'), `alias cycle: ${[...chain, current].join(' → ')}`, { found: target });
        break;
      }
      const group = groups.get(current);
      if (group !== undefined) {
        resolved.set(name, { name, hosts: group.hosts, aliasOf: target, source: { file, line: reader.line } });
        break;
      }
      const next = targets.get(current);
      if (next === undefined) {
        if (current === target) reader.report(reader.entry('group'), `group ${target} is not defined`, { found: target });
        break;
      }
      chain.push(current);
      current = next.target;
    }
  }
  // Aliases join the groups in file order, whatever order their chains resolved in.
  for (const name of targets.keys()) {
    const alias = resolved.get(name);
    if (alias !== undefined) groups.set(name, alias);
  }
}
