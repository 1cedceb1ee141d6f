/**
 * The alerting configuration of an instance that defines none: no plans, no
 * call lists, no dependencies, and 1.0's defaults for the settings. The
 * loader starts from it; tests that build a Config by hand can use it too.
 */
import type { AlertingConfig } from './alert-model.js';

/** 1.0's defaults (reference 5.15): 10 logical alerts per pass, no alert shift, Type II depth 10. */
export const DEFAULT_THROTTLE = 10;
export const DEFAULT_ALERT_SHIFT_MS = 0;
export const DEFAULT_MAX_DEPENDENCIES = 10;

/** A fresh AlertingConfig with nothing defined. */
export function emptyAlerting(): AlertingConfig {
  return {
    returnGroups: new Map(),
    alertPlans: new Map(),
    throttle: DEFAULT_THROTTLE,
    alertShiftMs: DEFAULT_ALERT_SHIFT_MS,
    alertMethods: new Map(),
    persons: new Map(),
    callLists: new Map(),
    dependencies: [],
    maxDependencies: DEFAULT_MAX_DEPENDENCIES,
  };
}
