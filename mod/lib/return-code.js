/**
 * Return codes of check and fix modules, as in SURVIVOR 1.0: 0–7 are named,
 * 20–1000 are site-defined. Mirrors src/domain/return-code.ts for modules,
 * which must not depend on the daemon's compiled code.
 */
export const RC = Object.freeze({
  OK: 0,
  PROBLEM: 1,
  WARNING: 2,
  NOTICE: 3,
  MISCONFIG: 4,
  TIMEDOUT: 5,
  DEPEND: 6,
  NOTYET: 7,
});

/** True for the codes a module may return: 0–7 and 20–1000 (integers only). */
export function isValidRc(rc) {
  return Number.isInteger(rc) && ((rc >= 0 && rc <= 7) || (rc >= 20 && rc <= 1000));
}

const NAMES = ['OK', 'PROBLEM', 'WARNING', 'NOTICE', 'MISCONFIG', 'TIMEDOUT', 'DEPEND', 'NOTYET'];

/** Short name of a return code (OK, PROBLEM, …), or the number for site codes. */
export function rcName(rc) {
  return NAMES[rc] ?? String(rc);
}

/**
 * Severity order used to pick the worst of several results (1.0's composition:
 * MISCONFIG > PROBLEM/TIMEDOUT > WARNING/NOTICE/DEPEND > OK; site codes by number).
 */
const RANK = { 0: 0, 3: 1, 6: 1, 2: 2, 1: 3, 5: 3, 4: 4 };

/** The more severe of two return codes (site codes rank above WARNING, by number). */
export function worseRc(a, b) {
  const ra = RANK[a] ?? 2.5;
  const rb = RANK[b] ?? 2.5;
  if (ra !== rb) return ra > rb ? a : b;
  return a >= b ? a : b;
}
