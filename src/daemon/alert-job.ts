import type { Logger } from 'pino';
import type { Notify, NotifyClear } from '../alert/alert-decision.js';
import { quietReason } from '../alert/pair-alert-state.js';
import type { AlertPlan } from '../config/alert-model.js';
import type { Config } from '../config/config-model.js';
import { RC } from '../domain/return-code.js';
import type { AlertMessage } from '../delivery/alert-message.js';
import type { Outbox } from '../delivery/outbox.js';
import type { OutboxDraft } from '../delivery/outbox-entry.js';
import type { ProcessRunner } from '../exec/process-run.js';
import { runFix, type FixRunResult as FixRun } from '../exec/run-fix.js';
import type { HistoryStore } from '../history/history-store.js';
import { CLEAR_ALERT_STATE, type AlertStore, type StoredAlertState } from '../state/alert-store.js';
import { resolveRecipients, type RecipientGroup } from './alert-recipients.js';
import { blockerFor, liveCheckRunner } from './dependency-gate.js';

/** One queued action of the alert pool. */
export interface AlertJob {
  readonly service: string;
  readonly host: string;
  readonly plan: AlertPlan;
  readonly decision: Notify | NotifyClear;
  /** The state the decision was made on (clear notices need it: state is cleared right after). */
  readonly state: StoredAlertState;
}

export interface AlertJobDeps {
  readonly config: () => Config;
  readonly alerts: AlertStore;
  /** Where sent alerts are recorded (alerthistory). */
  readonly history: HistoryStore;
  readonly runner: ProcessRunner;
  readonly outbox: Outbox;
  /** Called after entries were journaled, so the deliverer sends them. */
  readonly wake: () => void;
  readonly log: Logger;
  /** Recorded as who initiated scheduler fixes (1.0: the install user). */
  readonly who: string;
  readonly now: () => number;
}

const NO_FIX: FixRun = { rc: RC.MISCONFIG, comment: 'No fix defined for this service', duration: 0 };

/**
 * Carries out one alert decision (reference 5.10): for a notification, the fix
 * first where the try says so (under its fix lock), then the call lists are
 * resolved and, under the pair lock, one outbox entry per alert method is
 * journaled and alertstatus records the attempt — so a crash can neither lose
 * the alert nor send it twice (an entry already journaled for this attempt is
 * not journaled again). Clear notices go to the last recipients and are never retried.
 */
export async function executeAlertJob(job: AlertJob, deps: AlertJobDeps): Promise<void> {
  const config = deps.config();
  const now = deps.now();
  if (job.decision.kind === 'notify-clear') {
    await journalClear(config, job, job.decision, deps);
    return;
  }
  const decision = job.decision;
  const state = await deps.alerts.readPairState(job.service, job.host);
  if (quietReason(state, now) !== undefined) return; // acknowledged or inhibited since the decision
  const check = config.checks.get(job.service);
  const cs = state.checkstatus;
  if (check === undefined || cs === undefined) return;
  // The check's rc changed since the decision (recovered, or another problem): the next pass decides afresh.
  if (cs.rc !== job.state.checkstatus?.rc) return;

  const fix = decision.attemptFix ? await attemptFix(config, job, deps) : undefined;
  const lists = [...decision.alertLists, ...(decision.attemptFix ? decision.tellLists : [])];
  const groups = await resolveRecipients(config, deps.alerts, lists, now);
  // Already journaled, or already sent, for this attempt of this problem: a crash came between that and
  // alertstatus recording the attempt, so this pass decided it again. It is not sent twice.
  const journaled = new Set(
    (await alertsOnRecord(deps, job.service, job.host, cs.since)).filter((r) => !r.clear && r.try === decision.attempt && r.checkRc === cs.rc).map((r) => r.alert),
  );

  await deps.alerts.update(
    job.service,
    job.host,
    async (current) => {
      const token = current.token ?? deps.alerts.newToken();
      for (const g of groups) {
        if (journaled.has(g.alert)) continue;
        const draft = messageFor(config, { ...job, state: { ...current, token } }, g, { clear: false, rc: cs.rc, instances: cs.instances, ...(fix !== undefined ? { fix } : {}) });
        if (draft !== undefined) await deps.outbox.enqueue({ ...draft, try: decision.attempt });
      }
      const prev = current.alertstatus;
      return {
        token,
        alertstatus: {
          version: 1,
          rc: cs.rc,
          comment: cs.comment,
          instances: decision.attempt,
          time: now,
          since: prev !== undefined && prev.since > 0 ? prev.since : now,
          recipients: groups.length > 0 ? groups.map((g) => ({ ...g, rc: 0 })) : (prev?.recipients ?? []),
        },
        ...(fix !== undefined
          ? {
              fixstatus: {
                version: 1,
                who: deps.who,
                instances: (current.fixstatus?.instances ?? 0) + 1,
                rc: fix.rc,
                comment: fix.comment,
                time: now,
                since: current.fixstatus !== undefined && current.fixstatus.since > 0 ? current.fixstatus.since : now,
              },
              history: { fix: [{ time: now, rc: fix.rc, comment: fix.comment, who: deps.who, duration: fix.duration }] },
              ...(fix.rc === RC.OK ? { checkReschedule: true as const } : {}),
            }
          : {}),
      };
    },
    // A successful fix reschedules the check: the scheduler must hear of it.
    { notify: fix?.rc === RC.OK },
  );
  deps.wake();
  deps.log.info({ service: job.service, host: job.host, attempt: decision.attempt, lists, fix: fix?.rc }, 'alert journaled');
}

/**
 * A clear notice: journaled and the alert state cleared in one step under the
 * pair lock (like 1.0, state is cleared once the notice is queued, whatever
 * becomes of it). A crash between the two leaves the state, so the next
 * scheduler decides the clear again: a clear already journaled (outbox) or
 * sent (alerthistory) since the last alert is not journaled twice.
 */
async function journalClear(config: Config, job: AlertJob, decision: NotifyClear, deps: AlertJobDeps): Promise<void> {
  const cs = job.state.checkstatus;
  const since = job.state.alertstatus?.time ?? 0;
  const sent = since > 0 && (await alertsOnRecord(deps, job.service, job.host, since)).some((r) => r.clear);
  await deps.alerts.update(
    job.service,
    job.host,
    async (current) => {
      if (current.alertstatus === undefined) return {}; // cleared meanwhile (sc, or a clear already done)
      if (!sent) {
        for (const r of decision.recipients) {
          const message = messageFor(config, job, { ...r, addresses: [...r.addresses], callLists: [...r.callLists] }, { clear: true, rc: RC.OK, instances: cs?.instances ?? 1 });
          if (message !== undefined) await deps.outbox.enqueue({ ...message, maxAgeMs: 0 });
        }
      }
      return CLEAR_ALERT_STATE;
    },
    { notify: false },
  );
  deps.wake();
}

/** An alert of a pair journaled (outbox) or sent (alerthistory). */
interface AlertOnRecord {
  readonly alert: string;
  readonly clear: boolean;
  readonly try?: number | undefined;
  readonly checkRc: number;
}

/**
 * The pair's alerts journaled or sent since `from` (epoch ms): what a scheduler killed between journaling and recording in
 * alertstatus already did, so that the decision it makes again is not sent twice.
 */
async function alertsOnRecord(deps: Pick<AlertJobDeps, 'outbox' | 'history'>, service: string, host: string, from: number): Promise<AlertOnRecord[]> {
  const found: AlertOnRecord[] = (await deps.outbox.list())
    .filter((e) => e.service === service && e.host === host && e.created >= from)
    .map((e) => ({ alert: e.message.alert, clear: e.message.clear, try: e.try, checkRc: e.message.rc }));
  for await (const r of deps.history.readAlert(service, host, { reverse: true, limit: 50, from })) found.push(r);
  return found;
}

async function attemptFix(config: Config, job: AlertJob, deps: AlertJobDeps): Promise<FixRun> {
  const decision = job.decision as Notify;
  const name = config.checks.get(job.service)?.fix;
  const fix = name !== undefined ? config.fixes.get(name) : undefined;
  if (decision.fixMissing || fix === undefined) return NO_FIX;
  const blocker = await blockerFor(
    {
      config,
      readStatus: async (s, h) => (await deps.alerts.readPairState(s, h)).checkstatus,
      runLive: liveCheckRunner(config, deps.runner),
    },
    'fix',
    fix.name,
    job.host,
  );
  if (blocker !== undefined) return { rc: RC.DEPEND, comment: 'Failed dependency exists', duration: 0 };
  const lock = await deps.alerts.acquireFixLock({ service: job.service, host: job.host, scope: fix.lockScope, expiryMs: fix.lockExpiryMs, who: deps.who });
  if (!lock.ok) return { rc: RC.PROBLEM, comment: `Fix not attempted: lock ${lock.lock} held by ${lock.holder} (the fix may already be running)`, duration: 0 };
  try {
    return await runFix({ fix, service: job.service, host: job.host, config, runner: deps.runner });
  } finally {
    await lock.release();
  }
}

/** The outbox draft of one notification to the addresses of one alert method. */
function messageFor(
  config: Config,
  job: AlertJob,
  group: RecipientGroup,
  what: { clear: boolean; rc: number; instances: number; fix?: FixRun },
): OutboxDraft | undefined {
  const method = config.alerting.alertMethods.get(group.alert);
  if (method === undefined) return undefined;
  const check = config.checks.get(job.service);
  const cs = job.state.checkstatus;
  const helpfile = check?.helpfile;
  const message: AlertMessage = {
    service: job.service,
    hosts: [job.host],
    instance: config.instance.name,
    rc: what.rc,
    instances: what.instances,
    comment: cs?.comment ?? '',
    ...(helpfile !== undefined ? { helpfile } : {}),
    time: cs !== undefined && cs.time > 0 ? cs.time : Date.now(),
    token: job.state.token ?? '',
    ...(what.fix !== undefined ? { fix: { rc: what.fix.rc, comment: what.fix.comment } } : {}),
    clear: what.clear,
    alert: group.alert,
    addresses: group.addresses,
    callLists: group.callLists,
  };
  return { service: job.service, host: job.host, format: method.format, transmit: method.transmit, message };
}
