/**
 * The service@host pairs of a configuration (reference 2.2): a check runs on
 * the hosts of the group named like it, or on every classed host with
 * `all hosts = yes`; its schedule is its own or the host's class schedule.
 */
import type { ConfigProblem } from './config-error.js';
import type { Check, HostClass, HostGroup, PairConfig } from './config-model.js';

export interface PairSources {
  /** In definition order. */
  readonly checks: ReadonlyMap<string, Check>;
  /** In definition order. */
  readonly classes: ReadonlyMap<string, HostClass>;
  readonly groups: ReadonlyMap<string, HostGroup>;
  readonly hostClass: ReadonlyMap<string, string>;
}

/**
 * Lists every pair, in check order then group (or class) order. A pair with
 * no schedule at all is reported once per check and class, and left out.
 */
export function buildPairs(sources: PairSources, problems: ConfigProblem[]): PairConfig[] {
  const pairs: PairConfig[] = [];
  for (const check of sources.checks.values()) {
    const hosts = check.allHosts ? allClassedHosts(sources.classes) : (sources.groups.get(check.name)?.hosts ?? []);
    const unscheduled = new Set<string>();
    for (const host of hosts) {
      const hostClass = sources.hostClass.get(host);
      if (hostClass === undefined) continue;
      const schedule = check.schedule ?? sources.classes.get(hostClass)?.checkSchedule;
      if (schedule === undefined) {
        if (!unscheduled.has(hostClass)) {
          unscheduled.add(hostClass);
          problems.push({
            file: check.source.file,
            line: check.source.line,
            section: `check ${check.name}`,
            key: 'schedule',
            message: `check ${check.name} has no schedule for host ${host}: give the check a schedule or class ${hostClass} a check schedule`,
          });
        }
        continue;
      }
      pairs.push({ service: check.name, host, schedule, hostClass });
    }
  }
  return pairs;
}

function allClassedHosts(classes: ReadonlyMap<string, HostClass>): string[] {
  const out: string[] = [];
  for (const c of classes.values()) out.push(...c.hosts);
  return out;
}
