import type { Config, PairConfig } from '../config/config-model.js';

export interface Resolved {
  readonly pairs: readonly PairConfig[];
  /** One sentence per argument that names nothing configured. */
  readonly errors: readonly string[];
}

/**
 * Turns sc arguments into configured pairs (reference 1.4): a word naming a check
 * is a service (all its hosts); otherwise a host (all its services); `service@host`
 * names one pair. Names may themselves contain `@`, so every split point is tried.
 * With `explicit`, only service@host is accepted. Duplicates are removed, config order kept.
 */
export function resolvePairs(config: Config, args: readonly string[], explicit = false): Resolved {
  const wanted = new Set<PairConfig>();
  const errors: string[] = [];
  for (const arg of args) {
    const found = matchArg(config, arg, explicit);
    if (typeof found === 'string') errors.push(found);
    else for (const p of found) wanted.add(p);
  }
  return { pairs: config.pairs.filter((p) => wanted.has(p)), errors };
}

function matchArg(config: Config, arg: string, explicit: boolean): readonly PairConfig[] | string {
  for (let i = arg.indexOf('@'); i > 0; i = arg.indexOf('@', i + 1)) {
    const service = arg.slice(0, i);
    const host = arg.slice(i + 1);
    const pair = config.pairs.find((p) => p.service === service && p.host === host);
    if (pair !== undefined) return [pair];
  }
  if (explicit) return `${arg}: not a configured service@host pair`;
  if (config.checks.has(arg)) {
    const pairs = config.pairs.filter((p) => p.service === arg);
    return pairs.length > 0 ? pairs : `${arg}: check has no hosts`;
  }
  const pairs = config.pairs.filter((p) => p.host === arg);
  if (pairs.length > 0) return pairs;
  return arg.includes('@') ? `${arg}: not a configured service@host pair` : `${arg}: neither a configured check nor a monitored host`;
}
