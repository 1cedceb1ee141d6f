import type { AlertPlan } from './alert-model.js';
import type { Config, PairConfig } from './config-model.js';

/** The pair's alert plan: the check's `alert plan`, else its host class's (reference 2.2); undefined = it pages nobody. */
export function pairPlan(config: Config, pair: PairConfig): AlertPlan | undefined {
  const name = config.checks.get(pair.service)?.alertPlan ?? config.classes.get(pair.hostClass)?.alertPlan;
  return name === undefined ? undefined : config.alerting.alertPlans.get(name);
}
