/**
 * The monitor's picture of every pair, kept in memory so /api/pairs answers
 * from it at once: loaded at start, then refreshed by polling each pair's
 * change stamp (one stat per pair) and re-reading only the pairs that
 * changed. Listeners hear of every row whose content changed, which is what
 * the Server-Sent Events stream pushes.
 */
import type { Config, PairConfig } from '../config/config-model.js';
import type { AlertStore } from '../state/alert-store.js';
import type { DisableStore } from '../state/disable-store.js';
import { mapConcurrent } from '../state/map-concurrent.js';
import type { StateStore } from '../state/state-store.js';
import { pairRow, type PairRow } from './pair-row.js';

export interface PairBoardDeps {
  /** The configuration in force; a different object than last time counts as a reload. */
  readonly config: () => Config;
  readonly store: StateStore;
  readonly alerts: AlertStore;
  readonly disables: DisableStore;
  readonly clock?: () => number;
  /** Pairs being checked right now (inside ss only). */
  readonly running?: (service: string, host: string) => boolean;
  /** Told about a pair that could not be read (it keeps its last row). */
  readonly onError?: (err: unknown, pair: PairConfig) => void;
}

export type RowListener = (row: PairRow) => void;

interface Slot {
  stamp: number;
  row: PairRow;
  json: string;
}

export class PairBoard {
  private slots = new Map<string, Slot>();
  private config: Config | undefined;
  private generationCount = 0;
  private readonly listeners = new Set<RowListener>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly clock: () => number;

  constructor(private readonly deps: PairBoardDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  get generation(): number {
    return this.generationCount;
  }

  /** The configuration the rows were built from (loaded by refresh). */
  get currentConfig(): Config {
    return this.config ?? this.deps.config();
  }

  /** Every row, in configuration order. */
  rows(): PairRow[] {
    return [...this.slots.values()].map((s) => s.row);
  }

  /** Every row with its JSON text (already serialised: /api/pairs only joins them). */
  entries(): { readonly row: PairRow; readonly json: string }[] {
    return [...this.slots.values()];
  }

  row(service: string, host: string): PairRow | undefined {
    return this.slots.get(key(service, host))?.row;
  }

  /** Listens for changed rows; returns the function that stops listening. */
  subscribe(listener: RowListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Loads every pair, then refreshes every `intervalMs`. */
  async start(intervalMs = 1000): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.listeners.clear();
  }

  /** One polling round (concurrent calls share it). A new configuration rebuilds every row. Never rejects. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshOnce().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Re-reads one pair now (after an action of this process), whatever its stamp. */
  async refreshPair(service: string, host: string): Promise<PairRow | undefined> {
    const config = this.currentConfig;
    const index = config.pairs.findIndex((p) => p.service === service && p.host === host);
    const pair = config.pairs[index];
    if (pair === undefined) return undefined;
    await this.load(config, pair, index, -1);
    return this.row(service, host);
  }

  private async refreshOnce(): Promise<void> {
    const config = this.deps.config();
    if (config !== this.config) {
      this.config = config;
      this.generationCount++;
      // Rows of pairs still configured are kept (and re-read below), in the new configuration order.
      const kept = new Map<string, Slot>();
      for (const p of config.pairs) {
        const s = this.slots.get(key(p.service, p.host));
        if (s !== undefined) kept.set(key(p.service, p.host), { ...s, stamp: -1 });
      }
      this.slots = kept;
    }
    await mapConcurrent(config.pairs, 64, async (pair, index) => {
      const stamp = await this.deps.store.pairChangeStamp(pair.service, pair.host);
      const slot = this.slots.get(key(pair.service, pair.host));
      const running = this.deps.running?.(pair.service, pair.host) === true;
      if (slot !== undefined && slot.stamp === stamp && (slot.row.monitorState === 'Running') === running && !dependsOnClock(slot.row, this.clock())) return;
      await this.load(config, pair, index, stamp);
    });
  }

  private async load(config: Config, pair: PairConfig, index: number, stamp: number): Promise<void> {
    try {
      const before = stamp < 0 ? await this.deps.store.pairChangeStamp(pair.service, pair.host) : stamp;
      const [state, disabled] = await Promise.all([this.deps.alerts.readPairState(pair.service, pair.host), this.deps.disables.read(pair.service, pair.host)]);
      const now = this.clock();
      const row = pairRow({ config, generation: this.generationCount, now, ...(this.deps.running ? { running: this.deps.running } : {}) }, pair, index, state, disabled);
      const json = JSON.stringify(row);
      const k = key(pair.service, pair.host);
      const old = this.slots.get(k);
      this.slots.set(k, { stamp: before, row, json });
      if (old !== undefined && old.json !== json) for (const l of this.listeners) l(row);
      if (old === undefined) this.reorder(config);
    } catch (err) {
      this.deps.onError?.(err, pair);
    }
  }

  /** Keeps the map in configuration order after pairs were added. */
  private reorder(config: Config): void {
    if (this.slots.size !== config.pairs.length) return;
    const ordered = new Map<string, Slot>();
    for (const p of config.pairs) {
      const s = this.slots.get(key(p.service, p.host));
      if (s !== undefined) ordered.set(key(p.service, p.host), s);
    }
    this.slots = ordered;
  }
}

/** Rows whose look changes with time alone: an acknowledgement expiring, a pause ending. */
function dependsOnClock(row: PairRow, now: number): boolean {
  return (row.acknowledged?.expires !== undefined && row.acknowledged.expires <= now) || (row.disabled?.until !== undefined && row.disabled.until <= now);
}

function key(service: string, host: string): string {
  return `${service}@${host}`;
}
