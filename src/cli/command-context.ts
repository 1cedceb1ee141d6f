import type { Config } from '../config/config-model.js';
import type { AlertStore } from '../state/alert-store.js';
import type { StateStore } from '../state/state-store.js';
import type { ScOptions } from './sc-options.js';

/** Everything a command needs; commands write through `out`/`err` and return an exit code. */
export interface CommandContext {
  readonly config: Config;
  readonly store: StateStore;
  /** Alert state, call lists and fix locks, over `store`. */
  readonly alerts: AlertStore;
  readonly options: ScOptions;
  /** Login name of the real user, recorded as "who". */
  readonly who: string;
  readonly now: () => number;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export type Command = (ctx: CommandContext) => Promise<number>;
