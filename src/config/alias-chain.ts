/**
 * Alias chains shared by plan aliases (schedule.cf) and call-list aliases
 * (calllist.cf): an alias names an original or another alias, in any order in
 * the file; chains are followed, loops are errors.
 */
import type { SectionReader } from './section-reader.js';

export interface AliasDraft {
  /** The original or alias this alias names. */
  readonly target: string;
  readonly reader: SectionReader;
  /** The key naming the target, where problems about it are reported. */
  readonly key: string;
}

export interface AliasChainSpec<T, D extends AliasDraft> {
  /** What the originals are, for messages: `alert plan`, `call list`. */
  readonly what: string;
  /** Where they are defined, for messages: `schedule.cf`. */
  readonly file: string;
  readonly original: (name: string) => T | undefined;
  /** Builds the alias from what its target resolved to; undefined leaves it out (its problem is reported). */
  readonly derive: (name: string, draft: D, target: T) => T | undefined;
}

/**
 * Resolves every alias of `drafts`, returning them in the drafts' order. An
 * alias whose target is undefined reports it; the aliases on a loop report
 * the loop; an alias leading into a broken alias or a loop is left out
 * silently (the root cause is reported once).
 */
export function resolveAliasChains<T, D extends AliasDraft>(drafts: ReadonlyMap<string, D>, spec: AliasChainSpec<T, D>): Map<string, T> {
  const resolved = new Map<string, T | undefined>();
  const resolve = (name: string, chain: readonly string[]): T | undefined => {
    if (resolved.has(name)) return resolved.get(name);
    const draft = drafts.get(name);
    if (draft === undefined) return spec.original(name);
    const loopAt = chain.indexOf(name);
    if (loopAt >= 0) {
      const ring = chain.slice(loopAt);
      for (const [i, member] of ring.entries()) {
        const d = drafts.get(member);
        const turned = [...ring.slice(i), ...ring.slice(0, i), member];
        d?.reader.report(d.reader.entry(d.key), `alias cycle: ${turned.join(' → ')}`);
        resolved.set(member, undefined);
      }
      return undefined;
    }
    const target = resolve(draft.target, [...chain, name]);
    // Set while following the chain when this alias is on a loop.
    if (resolved.has(name)) return resolved.get(name);
    if (target === undefined && !drafts.has(draft.target)) {
      draft.reader.report(draft.reader.entry(draft.key), `${spec.what} ${draft.target} is not defined in ${spec.file}`, { found: draft.target });
    }
    const value = target === undefined ? undefined : spec.derive(name, draft, target);
    resolved.set(name, value);
    return value;
  };
  const out = new Map<string, T>();
  for (const name of drafts.keys()) {
    const value = resolve(name, []);
    if (value !== undefined) out.set(name, value);
  }
  return out;
}
