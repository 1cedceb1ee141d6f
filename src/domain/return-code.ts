/** Return codes of check and fix modules, as in SURVIVOR 1.0 (reference 3.1). */
export const RC = {
  OK: 0,
  PROBLEM: 1,
  WARNING: 2,
  NOTICE: 3,
  MISCONFIG: 4,
  TIMEDOUT: 5,
  DEPEND: 6,
  NOTYET: 7,
} as const;

export type KnownRc = (typeof RC)[keyof typeof RC];

/** Site-defined codes live in [MIN_SITE_RC, MAX_RC]. */
export const MIN_SITE_RC = 20;
export const MAX_RC = 1000;

const TEXT: Record<number, string> = {
  [-1]: 'Exec error',
  0: 'OK',
  1: 'PROBLEM',
  2: 'WARNING',
  3: 'NOTICE',
  4: 'Module is misconfigured',
  5: 'TIMED OUT',
  6: 'Failed dependency exists',
  7: 'Not yet executed',
};

const NAME: Record<number, string> = {
  0: 'OK',
  1: 'PROBLEM',
  2: 'WARNING',
  3: 'NOTICE',
  4: 'MISCONFIG',
  5: 'TIMEDOUT',
  6: 'DEPEND',
  7: 'NOTYET',
};

/** True for the codes a module may legitimately return: 0–7 and 20–1000. */
export function isValidRc(rc: number): boolean {
  return Number.isInteger(rc) && ((rc >= 0 && rc <= 7) || (rc >= MIN_SITE_RC && rc <= MAX_RC));
}

/** 1.0's human text for a return code ("Error return code N" for site codes). */
export function rcText(rc: number): string {
  return TEXT[rc] ?? `Error return code ${rc}`;
}

/** Short symbolic name (OK, PROBLEM, …, or the number for site codes). */
export function rcName(rc: number): string {
  return NAME[rc] ?? String(rc);
}
