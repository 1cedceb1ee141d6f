import type { Dependency, DependencyHosts, DependencyTargets } from '../config/alert-model.js';
import type { Config } from '../config/config-model.js';

function targets(spec: DependencyTargets | undefined, name: string): boolean {
  if (spec === undefined) return false;
  return spec.kind === 'list' ? spec.names.includes(name) : !spec.except.includes(name);
}

function inGroups(config: Config, groups: readonly string[], host: string): boolean {
  return groups.some((g) => config.groups.get(g)?.hosts.includes(host) === true);
}

function coversHost(config: Config, spec: DependencyHosts, host: string): boolean {
  switch (spec.kind) {
    case 'all':
      return true;
    case 'hosts':
      return spec.hosts.includes(host);
    case 'groups':
      return inGroups(config, spec.groups, host);
    case 'all-except-hosts':
      return !spec.hosts.includes(host);
    case 'all-except-groups':
      return !inGroups(config, spec.groups, host);
  }
}

/**
 * The dependencies that apply to running check (or fix) `name` on `host`, in
 * definition order (reference 2.6). A Type I dependency applies only when its
 * check runs on the host it names (the same host unless `on = check@host`).
 */
export function dependenciesOf(config: Config, kind: 'check' | 'fix', name: string, host: string): Dependency[] {
  return config.alerting.dependencies.filter((d) => {
    if (!targets(kind === 'check' ? d.checks : d.fixes, name)) return false;
    if (!coversHost(config, d.hosts, host)) return false;
    if (d.type === 'live') return true;
    if (kind === 'check' && d.on.check === name && (d.on.host ?? host) === host) return false;
    const depHost = d.on.host ?? host;
    return config.pairs.some((p) => p.service === d.on.check && p.host === depHost);
  });
}
