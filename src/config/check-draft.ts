/**
 * check.cf as parsed, before its modules are looked at: everything is final
 * except what needs the module directory (existence, manifest-typed options,
 * the protocol a manifest declares, the nagios command's executable).
 */
import type { CheckProtocol, CompositeCheck, Fix, SimpleCheck, Transport } from './config-model.js';
import type { RawOption } from './module-options.js';

/** A module named by a check, fix or transport, with its raw options. */
export interface ModuleUse {
  readonly kind: 'check' | 'fix' | 'transport';
  readonly module: string;
  readonly file: string;
  readonly section: string;
  /** Line of the `module` key (or of `command` when the module comes from it). */
  readonly line: number;
  readonly options: readonly RawOption[];
}

export interface CommandDraft {
  readonly words: readonly string[];
  readonly line: number;
}

export interface SimpleCheckDraft {
  readonly kind: 'simple';
  readonly check: Omit<SimpleCheck, 'options' | 'protocol' | 'command'>;
  readonly use: ModuleUse;
  /** As written in the check; undefined = the manifest's, else batch. */
  readonly protocol?: CheckProtocol;
  readonly protocolLine?: number;
  readonly command?: CommandDraft;
  /** No `module` key: the module name was taken from the nagios command. */
  readonly moduleFromCommand: boolean;
  readonly helpfileLine?: number;
}

export interface CompositeCheckDraft {
  readonly kind: 'composite';
  readonly check: CompositeCheck;
  readonly helpfileLine?: number;
}

export type CheckDraft = SimpleCheckDraft | CompositeCheckDraft;

export interface FixDraft {
  readonly fix: Omit<Fix, 'options'>;
  readonly use: ModuleUse;
}

export interface TransportDraft {
  readonly transport: Omit<Transport, 'options'>;
  readonly use: ModuleUse;
}

export interface CheckFileDraft {
  /** In file order. */
  readonly checks: readonly CheckDraft[];
  readonly fixes: readonly FixDraft[];
  readonly transports: readonly TransportDraft[];
}
