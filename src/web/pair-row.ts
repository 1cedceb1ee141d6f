/**
 * One row of the /monitor/ table and of GET /api/pairs: the pair's check
 * status (as `sc status --json` shows it) plus the seeds' monitor columns
 * (ID, generation, attempt, status word) and 1.0's colour. Pure.
 */
import { isEscalated } from '../alert/is-escalated.js';
import { quietReason } from '../alert/pair-alert-state.js';
import { planContext } from '../cli/current-problem.js';
import { pairView, type PairView } from '../cli/pair-view.js';
import type { Config, PairConfig } from '../config/config-model.js';
import { pairPlan } from '../config/pair-plan.js';
import { RC } from '../domain/return-code.js';
import type { StoredAlertState } from '../state/alert-store.js';
import type { PairDisable } from '../state/disable-store.js';

/** The seeds' job states, as they apply to a check (docs/api.md). */
export type RowState = 'Waiting' | 'Running' | 'OK' | 'Error' | 'Pause' | 'Disabled';

/** 1.0's colour key (reference 6.4). */
export type RowColour = 'ok' | 'problem' | 'warning' | 'misconfig' | 'none' | 'quiet' | 'escalated';

export interface Mark {
  readonly who: string;
  readonly comment: string;
  readonly time: number;
  readonly expires?: number;
}

export interface PairRow extends PairView {
  /** Position in the configuration, from 1. */
  readonly id: number;
  readonly hostClass: string;
  /** Configuration generation: 1 at start, +1 per reload the monitor saw. */
  readonly generation: number;
  /** Consecutive results with this rc (1.0's instances). */
  readonly attempt: number;
  /** The seeds' status word (docs/api.md). */
  readonly monitorState: RowState;
  readonly colour: RowColour;
  readonly acknowledged?: Mark;
  readonly inhibited?: Mark;
  readonly escalated: boolean;
  /** Quiet because acknowledged or inhibited. */
  readonly addressed: boolean;
}

/** Stalled: the next check is more than this far in the past (1.0: 30 minutes). */
export const STALLED_MS = 30 * 60_000;

const RC_COLOUR: Readonly<Record<number, RowColour>> = {
  [RC.OK]: 'ok',
  [RC.PROBLEM]: 'problem',
  [RC.WARNING]: 'warning',
  [RC.NOTICE]: 'warning',
  [RC.MISCONFIG]: 'misconfig',
  [RC.TIMEDOUT]: 'problem',
  [RC.DEPEND]: 'warning',
  [RC.NOTYET]: 'none',
};

export interface RowContext {
  readonly config: Config;
  readonly generation: number;
  readonly now: number;
  /** Pairs whose check is running right now (known only inside ss). */
  readonly running?: (service: string, host: string) => boolean;
}

export function pairRow(ctx: RowContext, pair: PairConfig, index: number, state: StoredAlertState, disabled?: PairDisable): PairRow {
  const { config, now } = ctx;
  const view = pairView(config, pair, state.checkstatus, now, disabled);
  const quiet = quietReason(state, now) !== undefined;
  const plan = pairPlan(config, pair);
  const escalated =
    (state.escalate !== undefined && view.rc > 0 && view.rc !== RC.NOTYET) || (plan !== undefined && isEscalated(plan, state, planContext(config, pair, now)));
  const failing = view.rc !== RC.OK && view.rc !== RC.NOTYET;
  let rowState: RowState;
  if (view.state === 'disabled') rowState = 'Disabled';
  else if (view.state === 'paused') rowState = 'Pause';
  else if (ctx.running?.(pair.service, pair.host) === true) rowState = 'Running';
  else if (view.rc === RC.NOTYET || (view.time === 0 && view.instances > 0)) rowState = 'Waiting';
  else if (!failing) rowState = 'OK';
  else rowState = quiet ? 'Pause' : 'Error';
  const colour: RowColour = failing && quiet ? 'quiet' : failing && escalated ? 'escalated' : (RC_COLOUR[view.rc] ?? 'problem');
  const mark = (m: Mark | undefined): Mark | undefined =>
    m === undefined ? undefined : { who: m.who, comment: m.comment, time: m.time, ...(m.expires !== undefined ? { expires: m.expires } : {}) };
  const acknowledged = mark(state.acknowledge);
  const inhibited = mark(state.noalert);
  return {
    id: index + 1,
    ...view,
    hostClass: pair.hostClass,
    generation: ctx.generation,
    attempt: view.instances,
    monitorState: rowState,
    colour,
    ...(acknowledged !== undefined ? { acknowledged } : {}),
    ...(inhibited !== undefined ? { inhibited } : {}),
    escalated,
    addressed: quiet,
  };
}

export interface RowFilter {
  readonly match?: 'error' | 'addressed' | 'escalated' | 'stalled' | 'disabled';
  readonly hostClass?: string;
  readonly group?: string;
  readonly host?: string;
  readonly service?: string;
}

/** Does a row pass the filters (1.0's view filters plus class/group/host/service)? Pure. */
export function rowMatches(config: Config, row: PairRow, filter: RowFilter, now: number): boolean {
  if (filter.service !== undefined && row.service !== filter.service) return false;
  if (filter.host !== undefined && row.host !== filter.host) return false;
  if (filter.hostClass !== undefined && row.hostClass !== filter.hostClass) return false;
  if (filter.group !== undefined && !(config.groups.get(filter.group)?.hosts.includes(row.host) ?? false)) return false;
  switch (filter.match) {
    case 'error':
      return row.rc !== RC.OK && row.rc !== RC.NOTYET;
    case 'addressed':
      return row.addressed;
    case 'escalated':
      return row.escalated;
    case 'stalled':
      return row.next !== undefined && row.next < now - STALLED_MS;
    case 'disabled':
      return row.state !== undefined;
    default:
      return true;
  }
}
