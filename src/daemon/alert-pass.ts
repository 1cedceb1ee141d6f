import type { Logger } from 'pino';
import { AlertBudget } from '../alert/alert-budget.js';
import { decideAlert } from '../alert/decide-alert.js';
import type { AlertPlan, TryStanza } from '../config/alert-model.js';
import type { Config, PairConfig } from '../config/config-model.js';
import { pairPlan } from '../config/pair-plan.js';
import type { CheckStatus } from '../state/check-status.js';
import type { AlertStore } from '../state/alert-store.js';
import type { AlertJob } from './alert-job.js';
import { pairKey } from '../domain/names.js';
import { failing } from './alert-watch.js';

export interface AlertPassDeps {
  readonly config: Config;
  readonly alerts: AlertStore;
  readonly now: number;
  /** An alert job for the pair is queued or running: decide it next pass. */
  readonly busy: (service: string, host: string) => boolean;
  readonly submit: (job: AlertJob) => void;
  readonly log: Logger;
}

export interface AlertPassStats {
  evaluated: number;
  notified: number;
  cleared: number;
  throttled: boolean;
}

export interface AlertPassResult {
  readonly stats: AlertPassStats;
  /**
   * Pairs the next pass must decide whatever their rc then: decided while the
   * state read showed a failure (a recovery must be seen once), given an alert
   * job (its outcome must be seen), or not decided at all (a job in flight,
   * the throttle spent).
   */
  readonly again: ReadonlySet<PairConfig>;
}


/**
 * One alert scheduler pass over `pairs` (reference 5.7): decide each pair with
 * decideAlert, clear state where it says so, and queue notifications into the
 * alert pool within the throttle. The pass stops when the throttle is spent;
 * the remaining pairs are decided next pass.
 */
export async function runAlertPass(deps: AlertPassDeps, pairs: readonly PairConfig[]): Promise<AlertPassResult> {
  const { config, alerts, now } = deps;
  const budget = new AlertBudget(config.alerting.throttle);
  const stats: AlertPassStats = { evaluated: 0, notified: 0, cleared: 0, throttled: false };
  const again = new Set<PairConfig>();
  const statuses = new Map<string, CheckStatus | undefined>();
  for (const [i, pair] of pairs.entries()) {
    if (budget.exhausted) {
      stats.throttled = true;
      deps.log.warn({ throttle: config.alerting.throttle }, 'reached the alert throttle; the other pairs are decided next pass');
      for (const rest of pairs.slice(i)) again.add(rest);
      break;
    }
    const plan = pairPlan(config, pair);
    const check = config.checks.get(pair.service);
    if (plan === undefined || check === undefined) continue;
    if (deps.busy(pair.service, pair.host)) {
      again.add(pair);
      continue;
    }
    const state = await alerts.readPairState(pair.service, pair.host);
    statuses.set(pairKey(pair.service, pair.host), state.checkstatus);
    if (failing(state.checkstatus?.rc)) again.add(pair);
    if (plan.stanzas.some((s) => s.schedules.some((ss) => ss.tries.some((t) => t.allowFailedHosts > 0)))) {
      await loadGroupStatuses(deps, pair.service, statuses);
    }
    stats.evaluated++;
    const decision = decideAlert({
      service: pair.service,
      host: pair.host,
      check: { hasFix: check.fix !== undefined, resultTextSignificant: check.kind === 'simple' && check.resultTextSignificant },
      plan,
      returnGroups: config.alerting.returnGroups,
      schedules: config.schedules,
      state,
      now,
      shiftMs: config.alerting.alertShiftMs,
      degraded: (_t: TryStanza, after: number) => failingOthers(config, pair, plan, after, statuses),
    });
    const quiet = { notify: false };
    switch (decision.kind) {
      case 'none':
        if (decision.removeExpiredAck) await alerts.update(pair.service, pair.host, () => ({ acknowledge: null }), quiet);
        break;
      case 'clear-state':
        await alerts.clearAlertState(pair.service, pair.host, quiet);
        stats.cleared++;
        break;
      case 'notify':
        budget.spend();
        if (decision.clearFirst) await alerts.clearAlertState(pair.service, pair.host, quiet);
        else if (decision.removeExpiredAck) await alerts.update(pair.service, pair.host, () => ({ acknowledge: null }), quiet);
        deps.submit({ service: pair.service, host: pair.host, plan, decision, state });
        again.add(pair);
        stats.notified++;
        break;
      case 'notify-clear':
        budget.spend();
        // The job journals the notice and clears the state in one step (alert-job.ts journalClear).
        deps.submit({ service: pair.service, host: pair.host, plan, decision, state });
        again.add(pair); // decided once more after the job, which may have failed before clearing
        stats.notified++;
        stats.cleared++;
        break;
    }
  }
  return { stats, again };
}

async function loadGroupStatuses(deps: AlertPassDeps, service: string, statuses: Map<string, CheckStatus | undefined>): Promise<void> {
  for (const p of deps.config.pairs) {
    if (p.service !== service || statuses.has(pairKey(p.service, p.host))) continue;
    statuses.set(pairKey(p.service, p.host), (await deps.alerts.readPairState(p.service, p.host)).checkstatus);
  }
}

/** Degraded mode (reference 5.8, 1.0's code): other hosts of the group with the same plan failing for at least `after` results. */
function failingOthers(config: Config, pair: PairConfig, plan: AlertPlan, after: number, statuses: Map<string, CheckStatus | undefined>): number {
  let count = 0;
  for (const other of config.pairs) {
    if (other.service !== pair.service || other.host === pair.host) continue;
    if (pairPlan(config, other)?.name !== plan.name) continue;
    const st = statuses.get(pairKey(other.service, other.host));
    if (st !== undefined && st.rc > 0 && st.rc !== 7 && st.instances >= after) count++;
  }
  return count;
}
