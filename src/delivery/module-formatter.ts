import type { AlertMessage } from './alert-message.js';
import { alertMessageDocument } from './alert-message.js';
import { runDeliveryModule } from './delivery-module.js';
import type { DeliveryModuleSettings } from './delivery-module.js';
import type { FormatOutcome, Formatter } from './formatter.js';
import { classifyModuleExit } from './module-exit.js';
import { parseFormattedAlert } from './parse-formatted-alert.js';
import { TRANSMIT_RC } from './transmitter.js';

/**
 * A format module, mod/format/<name>: reads the alert message document
 * (alertMessageDocument) on stdin, prints the formatted alert as one JSON
 * object on stdout and exits 0. Exit 75 means try again later; any other
 * exit, or output that is not a formatted alert, fails the delivery for good
 * with the reason as reply.
 */
export class ModuleFormatter implements Formatter {
  constructor(
    private readonly name: string,
    private readonly settings: DeliveryModuleSettings,
  ) {}

  async format(message: AlertMessage): Promise<FormatOutcome> {
    const { outcome, timeoutMs } = await runDeliveryModule('format', this.name, alertMessageDocument(message), message, this.settings);
    const result = classifyModuleExit(outcome, timeoutMs);
    if (result.outcome !== 'sent') return { failure: { ...result, reply: `format ${this.name}: ${result.reply ?? 'failed'}` } };
    const parsed = parseFormattedAlert(outcome.stdout, message);
    if ('problem' in parsed) return { failure: { outcome: 'permanent', rc: TRANSMIT_RC.MISCONFIG, reply: `format ${this.name}: ${parsed.problem}` } };
    return parsed;
  }
}
