import type { Config, PairConfig } from '../config/config-model.js';
import { RC } from '../domain/return-code.js';
import type { ProcessRunner } from '../exec/process-run.js';
import { runFix } from '../exec/run-fix.js';
import type { AlertStore } from '../state/alert-store.js';
import { NOT_YET } from '../state/check-status.js';
import type { Actor } from './operator-decisions.js';

/** What a manual fix came to: no fix configured, the lock taken by another fix, or the fix's result. */
export type FixOutcome =
  | { readonly kind: 'no-fix' }
  | { readonly kind: 'locked'; readonly lock: string; readonly holder: string }
  | { readonly kind: 'ran'; readonly rc: number; readonly comment: string; readonly rescheduled: boolean };

export interface PairFixDeps {
  readonly config: Config;
  readonly alerts: AlertStore;
  readonly runner: ProcessRunner;
  /** Epoch ms now. */
  readonly now: () => number;
}

/**
 * Runs the check's fix now, whatever the pair's state (reference 5.12,
 * 5.13), for `sc fix` and the web monitor: takes the fix lock, runs the
 * module, releases the lock, then records fixstatus (attempts + 1),
 * fixhistory and commandhistory, and reschedules the check when the pair was
 * failing and the fix returned OK. Failures: StateError from the stores.
 */
export async function runPairFix(deps: PairFixDeps, pair: PairConfig, actor: Actor): Promise<FixOutcome> {
  const fixName = deps.config.checks.get(pair.service)?.fix;
  const fixConfig = fixName === undefined ? undefined : deps.config.fixes.get(fixName);
  if (fixConfig === undefined) return { kind: 'no-fix' };
  const before = (await deps.alerts.readPairState(pair.service, pair.host)).checkstatus ?? NOT_YET;
  const wasFailing = before.rc !== RC.OK && before.rc !== RC.NOTYET;
  const lock = await deps.alerts.acquireFixLock({ service: pair.service, host: pair.host, scope: fixConfig.lockScope, expiryMs: fixConfig.lockExpiryMs, who: actor.who });
  if (!lock.ok) return { kind: 'locked', lock: lock.lock, holder: lock.holder };
  const startedAt = deps.now();
  let result;
  try {
    result = await runFix({ fix: fixConfig, service: pair.service, host: pair.host, config: deps.config, runner: deps.runner });
  } finally {
    await lock.release();
  }
  const reschedule = wasFailing && result.rc === RC.OK;
  await deps.alerts.update(pair.service, pair.host, (state) => {
    const prev = state.fixstatus;
    return {
      fixstatus: {
        version: 1,
        who: actor.who,
        instances: (prev?.instances ?? 0) + 1,
        rc: result.rc,
        comment: result.comment,
        time: startedAt,
        since: prev !== undefined && prev.since > 0 ? prev.since : startedAt,
      },
      ...(reschedule ? { checkReschedule: true as const } : {}),
      history: {
        fix: [{ time: startedAt, rc: result.rc, comment: result.comment, who: actor.who, duration: result.duration }],
        command: [{ time: startedAt, command: 'fix', who: actor.who, comment: actor.comment }],
      },
    };
  });
  return { kind: 'ran', rc: result.rc, comment: result.comment, rescheduled: reschedule };
}
