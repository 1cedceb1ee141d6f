/**
 * Mutual Type I dependencies deadlock (reference 2.6): each check would wait
 * for the other's status forever. Checks form a graph with an edge from each
 * depending check to the check whose status it waits for; any cycle in it is
 * an error. Hosts are not considered: like 1.0, a cycle between checks is
 * refused even where their host sets happen not to overlap.
 */
import type { Dependency } from './alert-model.js';

export interface StatusCycle {
  /** Check names around the cycle, the first repeated at the end: a → b → a. */
  readonly checks: readonly string[];
  /** The dependencies that make its edges, in the cycle's order, each once. */
  readonly dependencies: readonly Dependency[];
}

/**
 * Finds cycles among the Type I dependencies: at least one per strongly
 * connected group of checks (each back edge of a depth-first search). Checks
 * named by `all` are `checkNames` minus the dependency's `except`.
 */
export function findStatusCycles(dependencies: readonly Dependency[], checkNames: readonly string[]): StatusCycle[] {
  const edges = new Map<string, Map<string, Dependency>>();
  for (const d of dependencies) {
    if (d.type !== 'status' || d.checks === undefined) continue;
    const depending = d.checks.kind === 'list' ? d.checks.names : checkNames.filter((c) => !(d.checks?.kind === 'all' && d.checks.except.includes(c)));
    for (const c of depending) {
      if (c === d.on.check) continue;
      const out = edges.get(c) ?? new Map<string, Dependency>();
      edges.set(c, out);
      if (!out.has(d.on.check)) out.set(d.on.check, d);
    }
  }
  const cycles: StatusCycle[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (check: string): void => {
    state.set(check, 'open');
    path.push(check);
    for (const next of edges.get(check)?.keys() ?? []) {
      const seen = state.get(next);
      if (seen === undefined) visit(next);
      else if (seen === 'open') cycles.push(cycleOf([...path.slice(path.indexOf(next)), next], edges));
    }
    path.pop();
    state.set(check, 'done');
  };
  for (const check of edges.keys()) if (!state.has(check)) visit(check);
  return cycles;
}

function cycleOf(checks: string[], edges: ReadonlyMap<string, ReadonlyMap<string, Dependency>>): StatusCycle {
  const dependencies: Dependency[] = [];
  for (let i = 0; i + 1 < checks.length; i++) {
    const d = edges.get(checks[i] ?? '')?.get(checks[i + 1] ?? '');
    if (d !== undefined && !dependencies.includes(d)) dependencies.push(d);
  }
  return { checks, dependencies };
}
