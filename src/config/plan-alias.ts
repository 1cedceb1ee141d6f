/**
 * `[alias NEW]` in schedule.cf (reference 2.4.3): a copy of an alert plan (or
 * of another alias) with one call list replaced by another everywhere
 * (`replacing = OLD with NEW`), or with one call list added to every alert
 * and every fix notification (`adding = LIST`). Aliases may chain, in any
 * order in the file, but not loop.
 */
import type { AlertPlan, TryStanza } from './alert-model.js';
import { parseReplacing } from './alert-plan-phrase.js';
import { type AliasDraft, resolveAliasChains } from './alias-chain.js';
import type { ConfigProblem } from './config-error.js';
import type { IniSection } from './ini-reader.js';
import { SectionReader } from './section-reader.js';

export const PLAN_ALIAS_KEYS = ['alert plan', 'replacing', 'adding'] as const;

export interface PlanAliasContext {
  /** Call lists of calllist.cf; undefined when it could not be read (not checked then). */
  readonly callLists?: ReadonlySet<string>;
}

type Change = { readonly kind: 'replace'; readonly from: string; readonly to: string } | { readonly kind: 'add'; readonly list: string };

interface PlanAliasDraft extends AliasDraft {
  readonly change?: Change;
}

/**
 * Adds the aliases of `sections` to `plans` (after the plans, in file order),
 * reporting every problem (see resolveAliasChains for chains and loops).
 */
export function resolvePlanAliases(file: string, sections: readonly IniSection[], plans: Map<string, AlertPlan>, context: PlanAliasContext, problems: ConfigProblem[]): void {
  const drafts = new Map<string, PlanAliasDraft>();
  for (const section of sections) {
    const name = section.name ?? '';
    const r = new SectionReader(file, section, { keys: PLAN_ALIAS_KEYS }, problems);
    const clash = plans.get(name);
    if (clash !== undefined) r.report(undefined, `alias ${name} has the name of the alert plan defined at line ${clash.source.line}`);
    if (!r.has('alert plan')) r.report(undefined, 'missing required key "alert plan"', { key: 'alert plan', expected: 'alert plan = <plan or alias>' });
    const target = r.name('alert plan');
    const change = readChange(r, context);
    if (target !== undefined && clash === undefined) drafts.set(name, { target, reader: r, key: 'alert plan', ...(change !== undefined ? { change } : {}) });
  }
  const aliases = resolveAliasChains(drafts, {
    what: 'alert plan',
    file: 'schedule.cf',
    original: (name) => plans.get(name),
    derive: (name, draft, target) => (draft.change === undefined ? undefined : applyChange(name, target, draft, draft.change)),
  });
  for (const [name, plan] of aliases) plans.set(name, plan);
}

function readChange(r: SectionReader, context: PlanAliasContext): Change | undefined {
  const exists = (list: string, key: string): void => {
    if (context.callLists !== undefined && !context.callLists.has(list)) r.report(r.entry(key), `call list ${list} is not defined in calllist.cf`, { found: list });
  };
  if (r.has('replacing') && r.has('adding')) {
    r.report(r.entry('adding'), 'an alias either replaces or adds one call list, not both', { expected: 'replacing = OLD with NEW, or adding = LIST' });
    return undefined;
  }
  if (r.has('replacing')) {
    const replace = r.parse('replacing', (e) => parseReplacing(e.value));
    if (replace === undefined) return undefined;
    exists(replace.from, 'replacing');
    exists(replace.to, 'replacing');
    return { kind: 'replace', ...replace };
  }
  if (r.has('adding')) {
    const list = r.name('adding');
    if (list !== undefined) exists(list, 'adding');
    return list === undefined ? undefined : { kind: 'add', list };
  }
  r.report(undefined, 'an alias needs "replacing" or "adding"', { key: 'replacing', expected: 'replacing = OLD with NEW, or adding = LIST' });
  return undefined;
}

function applyChange(name: string, original: AlertPlan, draft: PlanAliasDraft, change: Change): AlertPlan {
  const r = draft.reader;
  let used = false;
  const edit = (lists: readonly string[]): string[] => {
    if (change.kind === 'add') return lists.length === 0 || lists.includes(change.list) ? [...lists] : [...lists, change.list];
    if (!lists.includes(change.from)) return [...lists];
    used = true;
    const out: string[] = [];
    for (const l of lists) {
      const now = l === change.from ? change.to : l;
      if (!out.includes(now)) out.push(now);
    }
    return out;
  };
  const editTry = (t: TryStanza): TryStanza => ({ ...t, alert: edit(t.alert), tell: edit(t.tell) });
  const stanzas = original.stanzas.map((s) => ({ ...s, schedules: s.schedules.map((sch) => ({ ...sch, tries: sch.tries.map(editTry) })) }));
  if (change.kind === 'replace' && !used) {
    r.report(r.entry('replacing'), `call list ${change.from} does not appear in alert plan ${draft.target}`, { found: change.from });
  }
  return { ...original, name, stanzas, aliasOf: draft.target, source: { file: r.file, line: r.line } };
}
