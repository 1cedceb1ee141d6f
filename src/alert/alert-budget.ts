/**
 * The alert throttle of one alert pass (reference 2.4.5): at most `throttle`
 * logical alerts per pass. A decision that notifies (a page, a fix attempt, a
 * clear notice) is one logical alert however many call lists it reaches. Like
 * 1.0, the pass spends after queueing and stops once the budget is gone, so no
 * decided notification is dropped: the pairs not reached are decided next pass.
 * One budget lives for one pass; the alert loop makes a new one each time.
 */
export class AlertBudget {
  readonly #limit: number;
  #spent = 0;

  /** `throttle` = logical alerts allowed per pass, 0 = unlimited. Throws RangeError for a negative or fractional value. */
  constructor(throttle: number) {
    if (!Number.isInteger(throttle) || throttle < 0) {
      throw new RangeError(`Expected \`throttle\` to be a non-negative integer, got \`${throttle}\` (${typeof throttle})`);
    }
    this.#limit = throttle === 0 ? Infinity : throttle;
  }

  /** Logical alerts still allowed this pass (Infinity when unlimited). */
  get remaining(): number {
    return this.#limit - this.#spent;
  }

  /** True once the pass must stop deciding (log "reached alert throttle" then). */
  get exhausted(): boolean {
    return this.remaining <= 0;
  }

  /** Logical alerts spent so far. */
  get spent(): number {
    return this.#spent;
  }

  /** Counts one logical alert. Returns false (and counts nothing) when the budget was already exhausted. */
  spend(): boolean {
    if (this.exhausted) return false;
    this.#spent++;
    return true;
  }
}
