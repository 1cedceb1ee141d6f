/**
 * The alerting part of the configuration (schedule.cf alert plans, calllist.cf,
 * dependency.cf), loaded by load-config.ts into Config. Semantics: reference
 * 2.4.2–2.6 and 5.7–5.13; choices where 1.0's manual and code disagree are in
 * docs/alerting.md. Durations are milliseconds.
 */
import type { SourceRef } from './config-model.js';

export interface ReturnGroup {
  readonly name: string;
  readonly codes: readonly number[];
  readonly source: SourceRef;
}

/** One `try` of a schedule stanza: who to alert, whether to attempt the fix first. */
export interface TryStanza {
  /** How many attempts this try covers; undefined = a bare try (every attempt from here on). */
  readonly count?: number;
  /** Call lists to alert. */
  readonly alert: readonly string[];
  readonly attemptFix: boolean;
  /** `attempt fix if defined`: the try is skipped when the check has no fix. */
  readonly fixIfDefined: boolean;
  /** Call lists told about the fix attempt. */
  readonly tell: readonly string[];
  /** Degraded mode: act only when at least this many OTHER redundant hosts fail (0 = off). */
  readonly allowFailedHosts: number;
  /** Degraded mode applies only while this schedule is in effect. */
  readonly allowDuring?: string;
  readonly flagEscalated: boolean;
  readonly source: SourceRef;
}

/** `using S schedule { try … }`: the first in effect (and due) stanza acts. */
export interface ScheduleStanza {
  readonly schedule: string;
  readonly tries: readonly TryStanza[];
  readonly source: SourceRef;
}

export type ReturnMatch =
  | { readonly kind: 'values'; readonly codes: readonly number[] }
  | { readonly kind: 'group'; readonly group: string }
  | { readonly kind: 'default' };

/** `on return values … | on returngroup … | default { after N check failures; using … }`. */
export interface ReturnStanza {
  readonly match: ReturnMatch;
  /** Consecutive results required before this stanza applies (`after N check failures`). */
  readonly after: number;
  readonly schedules: readonly ScheduleStanza[];
  readonly source: SourceRef;
}

export interface AlertPlan {
  readonly name: string;
  readonly stanzas: readonly ReturnStanza[];
  /** Notify the last recipients when the pair returns to OK; with a schedule only while it is in effect. */
  readonly notifyOnClear: { readonly enabled: boolean; readonly schedule?: string };
  /** `do not clear state on return values …` (a change to OK always clears). */
  readonly keepStateOn: readonly number[];
  /** Return groups whose internal changes do not clear state (`clear state honors returngroups`), resolved. */
  readonly clearHonorsGroups: readonly string[];
  /** Set for plans defined by an `[alias]` of schedule.cf: the plan (or alias) it copies. */
  readonly aliasOf?: string;
  readonly source: SourceRef;
}

/** An `alert` stanza of calllist.cf: a format + transmit pairing. */
export interface AlertMethod {
  readonly name: string;
  /** Built in: full, compact, sms; else a module in mod/format/. */
  readonly format: string;
  /** Built in: mail; else a module in mod/transmit/. */
  readonly transmit: string;
  readonly source: SourceRef;
}

export interface Person {
  readonly name: string;
  /** alert method name → address. */
  readonly addresses: ReadonlyMap<string, string>;
  /** Address for any other alert method. */
  readonly otherwise?: string;
  readonly source: SourceRef;
}

export interface CallList {
  readonly name: string;
  /** Person names, in order. */
  readonly members: readonly string[];
  /** Alert method used to reach members. */
  readonly via: string;
  readonly mode: 'simple' | 'broadcast' | 'rotating';
  /** Rotating lists: the schedule whose `at` instants rotate the on-call person. */
  readonly rotation?: string;
  /**
   * Set for `[alias]` lists of calllist.cf: the original (never itself an alias,
   * chains are followed) whose membership and rotation state the alias shares.
   * Call-list state is kept under `aliasOf ?? name`.
   */
  readonly aliasOf?: string;
  readonly source: SourceRef;
}

/**
 * `checks = a b` / `checks = all` + `except = …` (likewise fixes). For Type I,
 * `all` never includes the dependency check itself: the loader adds it to `except`.
 */
export type DependencyTargets =
  | { readonly kind: 'list'; readonly names: readonly string[] }
  | { readonly kind: 'all'; readonly except: readonly string[] };

export type DependencyHosts =
  | { readonly kind: 'hosts'; readonly hosts: readonly string[] }
  | { readonly kind: 'groups'; readonly groups: readonly string[] }
  | { readonly kind: 'all-except-hosts'; readonly hosts: readonly string[] }
  | { readonly kind: 'all-except-groups'; readonly groups: readonly string[] }
  | { readonly kind: 'all' };

/**
 * Type I (`status`): blocks scheduling from the stored state of `on.check` on the same
 * host (or `on.host`). Type II (`live`): runs `on.check` against `on.host` before the
 * depending checks or fixes, recursively, bounded by maxDependencies.
 */
export interface Dependency {
  readonly name: string;
  readonly type: 'status' | 'live';
  readonly checks?: DependencyTargets;
  /** Type II only. */
  readonly fixes?: DependencyTargets;
  readonly hosts: DependencyHosts;
  readonly on: { readonly check: string; readonly host?: string };
  readonly source: SourceRef;
}

export interface AlertingConfig {
  readonly returnGroups: ReadonlyMap<string, ReturnGroup>;
  readonly alertPlans: ReadonlyMap<string, AlertPlan>;
  /** At most this many logical alerts per alert pass; 0 = unlimited (1.0 default 10). */
  readonly throttle: number;
  /** Alert-plan schedules are evaluated this much earlier than now (`alert shift`). */
  readonly alertShiftMs: number;
  readonly alertMethods: ReadonlyMap<string, AlertMethod>;
  readonly persons: ReadonlyMap<string, Person>;
  readonly callLists: ReadonlyMap<string, CallList>;
  readonly dependencies: readonly Dependency[];
  /** Type II recursion bound (`maximum N dependencies`, default 10, 0 = unbounded). */
  readonly maxDependencies: number;
}
