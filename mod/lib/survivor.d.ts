// Types of survivor.js for module authors writing TypeScript (and for Survivor's own tests).

export declare const RC: Readonly<{
  OK: 0; PROBLEM: 1; WARNING: 2; NOTICE: 3; MISCONFIG: 4; TIMEDOUT: 5; DEPEND: 6; NOTYET: 7;
}>;
export declare function isValidRc(rc: unknown): boolean;
export declare function rcName(rc: number): string;
export declare function worseRc(a: number, b: number): number;

export interface CheckOutcome {
  rc: number;
  /** Rounded to an integer on output. */
  scalar?: number;
  comment?: string;
  /** Milliseconds; measured by runBatch when left out. */
  duration?: number;
}

export interface BatchContext {
  readonly service: string;
  readonly hosts: readonly string[];
  /** The input's timeout in ms, Infinity when it has none. */
  readonly timeoutMs: number;
  /** Aborted at the module's deadline (shortly before the timeout). */
  readonly signal: AbortSignal;
  /** Milliseconds left until the deadline (Infinity when unlimited). */
  remaining(): number;
  /** The whole input document. */
  readonly input: Readonly<Record<string, unknown>>;
}

export interface BatchSettings<O> {
  concurrency?: number;
  validate?: () => Promise<string | { comment?: string; scalar?: number } | undefined>;
  prepare?: (options: Readonly<Record<string, unknown>>, ctx: BatchContext) => O | Promise<O>;
  manifest?: string | false;
}

export declare function runBatch<O = Readonly<Record<string, unknown>>>(
  check: (host: string, options: O, ctx: BatchContext) => Promise<CheckOutcome> | CheckOutcome,
  settings?: BatchSettings<O>,
): Promise<void>;
export declare function deadlineMargin(timeoutMs: number): number;

export declare class CheckError extends Error {
  constructor(rc: number, comment: string, scalar?: number);
  readonly rc: number;
  readonly scalar: number;
}
export declare class MisconfigError extends CheckError {
  constructor(comment: string);
}
export declare function misconfig(comment: string): MisconfigError;
export declare function errorResult(error: unknown): { rc: number; scalar: number; comment: string };

export interface Relation {
  readonly text: string;
  readonly op: 'lt' | 'gt' | 'eq' | 'ne' | 'bt' | 'nb' | 'reg' | 'regv' | 'tnt' | 'tot';
  readonly kind: 'numeric' | 'regex' | 'time';
  readonly description: string;
  /** Numbers (or numeric strings) for numeric relations, strings for regex, epoch ms for time. */
  test(value: unknown, now?: number): boolean;
}
export declare function parseRelation(text: string): Relation;
export declare function isRelation(value: unknown): boolean;

export type Limit = number | string | Relation | undefined;
export interface Grade {
  rc: 0 | 1 | 2;
  crossed: 'warn' | 'prob' | undefined;
  limit: string | undefined;
}
export declare function grade(
  value: number | string,
  limits?: { warn?: Limit; prob?: Limit },
  settings?: { below?: boolean; now?: number },
): Grade;

export interface CommandResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  error: string | undefined;
  timedOut: boolean;
}
export declare function runCommand(
  argv: readonly string[],
  settings?: { input?: string; signal?: AbortSignal; timeoutMs?: number; env?: Record<string, string | undefined> },
): Promise<CommandResult>;

export interface OptionType {
  readonly base: 'boolean' | 'string' | 'password' | 'number' | 'directory' | 'file' | 'flags' | 'extraction' | 'relation';
  readonly optional: boolean;
  readonly list: boolean;
  readonly default: string | undefined;
  readonly between: readonly [number, number] | undefined;
  readonly any: readonly string[] | undefined;
  readonly one: readonly string[] | undefined;
}
export interface Manifest {
  readonly description: string;
  readonly protocol: string;
  readonly options: ReadonlyMap<string, { readonly type: OptionType; readonly typeText: string; readonly description: string }>;
}
export declare function readManifest(path: string): Manifest;
export declare function parseManifest(text: string, origin?: string): Manifest;
export declare function parseOptionType(text: string): OptionType;
export declare function coerceOption(name: string, type: OptionType, value: unknown): unknown;
export declare function typedOptions(received: unknown, manifest: Manifest | undefined): Readonly<Record<string, unknown>>;

export declare const MAX_COMMENT_CHARS: number;
export declare function flattenComment(comment: unknown): string;
export declare function resultLine(host: string, result: CheckOutcome): string;

export interface BatchInput {
  version: unknown;
  service: string;
  hosts: string[];
  timeoutMs: number;
  options: unknown;
  document: Record<string, unknown>;
}
export declare function parseBatchInput(text: string): BatchInput;
