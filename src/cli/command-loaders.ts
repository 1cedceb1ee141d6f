import type { Command } from './command-context.js';

/**
 * Each sc command's module, imported only when that command runs: loading all
 * of them (168 module files) cost a one-shot `sc checkhistory` about as much
 * CPU as the work itself; one command needs about half as many files.
 * A new command is added here (and in command-table.ts and sc-options.ts).
 */
const LOADERS: Readonly<Record<string, () => Promise<Command>>> = {
  acknowledge: async () => (await import('./commands/acknowledge.js')).acknowledge,
  alerthistory: async () => (await import('./commands/alerthistory.js')).alerthistory,
  archivehistory: async () => (await import('./commands/archivehistory.js')).archivehistory,
  check: async () => (await import('./commands/check.js')).check,
  checkhistory: async () => (await import('./commands/checkhistory.js')).checkhistory,
  clcal: async () => (await import('./commands/clcal.js')).clcal,
  clprune: async () => (await import('./commands/clprune.js')).clprune,
  clset: async () => (await import('./commands/clset.js')).clset,
  clstat: async () => (await import('./commands/clstat.js')).clstat,
  clsub: async () => (await import('./commands/clsub.js')).clsub,
  clunsub: async () => (await import('./commands/clunsub.js')).clunsub,
  commandhistory: async () => (await import('./commands/commandhistory.js')).commandhistory,
  disable: async () => (await import('./commands/disable.js')).disable,
  enable: async () => (await import('./commands/enable.js')).enable,
  escalate: async () => (await import('./commands/escalate.js')).escalate,
  fix: async () => (await import('./commands/fix.js')).fix,
  fixhistory: async () => (await import('./commands/fixhistory.js')).fixhistory,
  inhibit: async () => (await import('./commands/inhibit.js')).inhibit,
  monitor: async () => (await import('./commands/monitor.js')).monitor,
  pause: async () => (await import('./commands/pause.js')).pause,
  report: async () => (await import('./commands/report.js')).report,
  reschedule: async () => (await import('./commands/reschedule.js')).reschedule,
  status: async () => (await import('./commands/status.js')).status,
  trip: async () => (await import('./commands/trip.js')).trip,
  unacknowledge: async () => (await import('./commands/unacknowledge.js')).unacknowledge,
  uninhibit: async () => (await import('./commands/uninhibit.js')).uninhibit,
};

/** The command named `name` (a full name), or undefined when this release has none. Failures: the import's. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  return Object.hasOwn(LOADERS, name) ? (LOADERS[name] as () => Promise<Command>)() : undefined;
}
