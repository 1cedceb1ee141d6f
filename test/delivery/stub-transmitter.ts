import type { FormattedAlert } from '../../src/delivery/alert-message.js';
import type { TransmitContext, TransmitResult, Transmitter } from '../../src/delivery/transmitter.js';

/** A transmitter for tests: records what it was given and answers with scripted results (default: sent). */
export class StubTransmitter implements Transmitter {
  readonly calls: { formatted: FormattedAlert; context: TransmitContext }[] = [];
  /** Results of the next calls, front first. */
  readonly results: TransmitResult[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  /** Makes every transmit wait until release() is called. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  async transmit(formatted: FormattedAlert, context: TransmitContext): Promise<TransmitResult> {
    this.calls.push({ formatted, context });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.gate !== undefined) await this.gate;
      return this.results.shift() ?? { outcome: 'sent', rc: 0, reply: '250 OK' };
    } finally {
      this.inFlight--;
    }
  }
}

/** Resolves once `condition` holds, checking after each turn of the event loop; rejects after 5 s. */
export async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
