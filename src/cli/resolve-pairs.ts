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

// Control, bidirectional and zero-width characters: echoed raw they would split the one-line refusal or drive the terminal.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u;

/** The argument as a refusal shows it: as typed when harmless, else quoted with the unsafe characters as \u escapes. */
function shown(arg: string): string {
  if (!UNSAFE.test(arg)) return arg;
  return `"${[...arg].map((c) => (UNSAFE.test(c) ? `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}` : c)).join('')}"`;
}

function matchArg(config: Config, arg: string, explicit: boolean): readonly PairConfig[] | string {
  for (let i = arg.indexOf('@'); i > 0; i = arg.indexOf('@', i + 1)) {
    const service = arg.slice(0, i);
    const host = arg.slice(i + 1);
    const pair = config.pairs.find((p) => p.service === service && p.host === host);
    if (pair !== undefined) return [pair];
  }
  if (explicit) return `${shown(arg)}: not a configured service@host pair`;
  if (config.checks.has(arg)) {
    const pairs = config.pairs.filter((p) => p.service === arg);
    return pairs.length > 0 ? pairs : `${arg}: check has no hosts`;
  }
  const pairs = config.pairs.filter((p) => p.host === arg);
  if (pairs.length > 0) return pairs;
  return arg.includes('@') ? `${shown(arg)}: not a configured service@host pair` : `${shown(arg)}: neither a configured check nor a monitored host`;
}
