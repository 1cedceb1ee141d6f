/**
 * 1.0's staggered scheduling (reference 5.6): a service with many hosts on one
 * schedule catches up only a share of its OK hosts per pass, so an outage or a
 * clock jump does not start hundreds of checks at once.
 */

/** 1.0 staggers only services with at least this many hosts on the schedule. */
export const STAGGER_MIN_HOSTS = 20;

/**
 * How many catch-ups of OK pairs one window may hold for a service with
 * `hosts` hosts on a schedule whose deciding rule is `every intervalMs`:
 * hosts / (interval / timeout) in integer arithmetic (100 hosts every 15
 * minutes with a 3-minute timeout → 20). At least 1, so OK pairs always make
 * progress. undefined = no cap: fewer than STAGGER_MIN_HOSTS hosts, no `every`
 * rule deciding (at/cron schedules are not staggered, as in 1.0), a timeout
 * that is not positive, or an interval shorter than the timeout (1.0 divided
 * by zero there).
 */
export function staggerCap(hosts: number, intervalMs: number | undefined, timeoutMs: number): number | undefined {
  if (hosts < STAGGER_MIN_HOSTS || intervalMs === undefined || !(intervalMs > 0) || !(timeoutMs > 0)) return undefined;
  const timeoutsPerInterval = Math.floor(intervalMs / timeoutMs);
  if (timeoutsPerInterval < 1) return undefined;
  return Math.max(1, Math.floor(hosts / timeoutsPerInterval));
}
