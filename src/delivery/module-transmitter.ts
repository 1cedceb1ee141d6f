import type { FormattedAlert } from './alert-message.js';
import { inputReplyOk } from './alert-message.js';
import { runDeliveryModule } from './delivery-module.js';
import type { DeliveryModuleSettings } from './delivery-module.js';
import { classifyModuleExit } from './module-exit.js';
import type { TransmitContext, TransmitResult, Transmitter } from './transmitter.js';

/**
 * A transmit module, mod/transmit/<name>: reads the formatted alert as one
 * JSON document on stdin (see transmitDocument) and says with its exit code
 * what happened: 0 sent, 75 try again later, anything else failed for good
 * (classifyModuleExit). stdout is ignored; stderr becomes the reply.
 */
export class ModuleTransmitter implements Transmitter {
  constructor(
    private readonly name: string,
    private readonly settings: DeliveryModuleSettings,
  ) {}

  async transmit(formatted: FormattedAlert, context: TransmitContext): Promise<TransmitResult> {
    const { outcome, timeoutMs } = await runDeliveryModule('transmit', this.name, transmitDocument(formatted, context), context.message, this.settings);
    return classifyModuleExit(outcome, timeoutMs);
  }
}

/**
 * The stdin of a transmit module: the formatted alert's fields, `id` (the
 * same for every attempt at this message: receivers deduplicate with it) and
 * `alert` (the document the format got). One line.
 */
export function transmitDocument(formatted: FormattedAlert, context: TransmitContext): string {
  return JSON.stringify({
    version: 1,
    id: context.id,
    ...formatted,
    alert: { version: 1, ...context.message, replyOk: inputReplyOk(context.message) },
  });
}
