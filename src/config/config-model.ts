/**
 * The loaded, validated and frozen configuration of one instance. Produced by
 * load-config.ts (shared by `ss` start-up, SIGHUP and `sc checkcf`); everything
 * else only reads it. Durations are milliseconds, paths are absolute.
 */
import type { AlertingConfig } from './alert-model.js';

/** Where a definition came from, for error messages and `sc checkcf`. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** 'none' = plain, 'starttls' = upgrade when offered, 'tls' = implicit TLS. */
  readonly tls: 'none' | 'starttls' | 'tls';
  readonly user?: string;
  readonly password?: string;
  readonly from: string;
}

export interface WebSettings {
  /** host:port; undefined = the web monitor is not started by ss. */
  readonly listen?: string;
  readonly certificate?: string;
  readonly key?: string;
  readonly usersFile: string;
  readonly tokenLifetimeMs: number;
}

export interface InstanceConfig {
  readonly name: string;
  readonly configDir: string;
  readonly stateDir: string;
  readonly historyDir: string;
  readonly tmpDir: string;
  readonly helpDir: string;
  readonly allowArchive: boolean;
  readonly allowRoot: boolean;
  readonly requireComment: boolean;
  readonly checkWorkers: number;
  readonly alertWorkers: number;
  readonly pollIntervalMs: number;
  readonly smartScheduling: boolean;
  readonly pidFile: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Number of executor processes that start modules. */
  readonly executors: number;
  /** `auto` (native when built), `native` (src/exec/native) or `node` (executor-main.ts). */
  readonly executorProgram: 'auto' | 'native' | 'node';
  /** Where pair locks live (`lock directory`); absent: in each pair's state directory. */
  readonly lockDir?: string;
  /** fsync state files before rename (survives power loss, costs I/O). */
  readonly stateFsync: boolean;
  readonly smtp: SmtpSettings;
  readonly web: WebSettings;
  readonly source: SourceRef;
}

/** A point in the week: day 0 = Sunday … 6 = Saturday; undefined day = every day. */
export interface WeekTime {
  readonly day?: number;
  /** Minutes since midnight, 0–1439. */
  readonly minute: number;
}

export interface TimeWindow {
  readonly from: WeekTime;
  /** Inclusive: the window covers the whole minute `until`. */
  readonly until: WeekTime;
}

/** One line of a schedule; lines are evaluated in order (reference 2.4.1, 5.3). */
export type ScheduleRule =
  | { readonly kind: 'every'; readonly intervalMs: number; readonly window?: TimeWindow; readonly source: SourceRef }
  | { readonly kind: 'never'; readonly window?: TimeWindow; readonly source: SourceRef }
  | { readonly kind: 'at'; readonly times: readonly WeekTime[]; readonly source: SourceRef }
  | { readonly kind: 'cron'; readonly expression: string; readonly source: SourceRef };

export interface Schedule {
  readonly name: string;
  readonly rules: readonly ScheduleRule[];
  readonly source: SourceRef;
}

export interface HostClass {
  readonly name: string;
  readonly hosts: readonly string[];
  readonly checkSchedule?: string;
  readonly alertPlan?: string;
  readonly source: SourceRef;
}

export interface HostGroup {
  readonly name: string;
  /** Resolved members (aliases are resolved to their original's hosts). */
  readonly hosts: readonly string[];
  /** Set when this group is an alias of another group. */
  readonly aliasOf?: string;
  readonly source: SourceRef;
}

export type CheckProtocol = 'batch' | 'single' | 'nagios' | 'survivor-xml';

/**
 * Module option values, typed by the module's manifest with its defaults applied:
 * number → number, boolean → boolean, `list` options → arrays, everything else a
 * string. Without a manifest: strings, arrays for options given more than once.
 */
export type ModuleOptionValue = string | number | boolean | readonly (string | number)[];
export type ModuleOptions = Readonly<Record<string, ModuleOptionValue>>;

interface CheckCommon {
  readonly name: string;
  /** Overrides the class schedule for every host of this check. */
  readonly schedule?: string;
  readonly alertPlan?: string;
  readonly fix?: string;
  readonly allHosts: boolean;
  readonly helpfile?: string;
  readonly timeoutMs: number;
  readonly source: SourceRef;
}

export interface SimpleCheck extends CheckCommon {
  readonly kind: 'simple';
  readonly module: string;
  readonly options: ModuleOptions;
  /** undefined = via scheduler (run on this host). */
  readonly via?: string;
  readonly protocol: CheckProtocol;
  /** nagios protocol: argv template ($HOST and $name of options are substituted). */
  readonly command?: readonly string[];
  readonly resultTextSignificant: boolean;
}

export interface CompositeCheck extends CheckCommon {
  readonly kind: 'composite';
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

export type Check = SimpleCheck | CompositeCheck;

export interface Fix {
  readonly name: string;
  readonly module: string;
  readonly options: ModuleOptions;
  readonly via?: string;
  readonly lockScope: 'pair' | 'host' | 'service';
  readonly lockExpiryMs: number;
  readonly timeoutMs: number;
  readonly source: SourceRef;
}

export interface Transport {
  readonly name: string;
  readonly module: string;
  readonly options: ModuleOptions;
  readonly source: SourceRef;
}

/** A service@host pair with the schedule that applies to it. */
export interface PairConfig {
  readonly service: string;
  readonly host: string;
  readonly schedule: string;
  readonly hostClass: string;
}

export interface Config {
  readonly instance: InstanceConfig;
  /** Module directory (mod/), absolute. */
  readonly moduleDir: string;
  readonly classes: ReadonlyMap<string, HostClass>;
  readonly groups: ReadonlyMap<string, HostGroup>;
  /** host → class name, for every monitored host. */
  readonly hostClass: ReadonlyMap<string, string>;
  readonly schedules: ReadonlyMap<string, Schedule>;
  /** In definition order (Map iteration order). */
  readonly checks: ReadonlyMap<string, Check>;
  readonly fixes: ReadonlyMap<string, Fix>;
  readonly transports: ReadonlyMap<string, Transport>;
  /**
   * Every pair to check, in check definition order then group order. A check
   * runs on the hosts of the group named like it (or every classed host with
   * `all hosts`); component-only checks of composites have pairs only if they
   * also have a group.
   */
  readonly pairs: readonly PairConfig[];
  /** Alert plans, return groups, call lists and dependencies (schedule.cf, calllist.cf, dependency.cf). */
  readonly alerting: AlertingConfig;
}
