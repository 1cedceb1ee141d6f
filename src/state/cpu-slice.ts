import { setImmediate as yieldToLoop } from 'node:timers/promises';

/**
 * Cooperative time slicing for long runs of small synchronous file-system
 * calls: `await slice.check()` between units of work yields to the event loop
 * once `budgetMs` of work has passed, so other I/O (check results, signals)
 * is never held up for longer than about one slice.
 */
export class CpuSlice {
  private readonly budgetMs: number;
  private started = performance.now();

  constructor(budgetMs = 5) {
    this.budgetMs = budgetMs;
  }

  async check(): Promise<void> {
    if (performance.now() - this.started < this.budgetMs) return;
    await yieldToLoop();
    this.started = performance.now();
  }
}
