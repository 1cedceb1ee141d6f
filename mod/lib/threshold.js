/**
 * Warning and problem thresholds, the way 1.0 modules grade a measurement:
 * each limit is off (undefined), a number (crossed when the value is at or
 * beyond it) or a relation (crossed when the relation holds).
 */
import { RC } from './return-code.js';
import { parseRelation } from './relation.js';

const NUMBER = /^\s*-?(\d+\.?\d*|\.\d+)\s*$/;

/**
 * Grades `value` against `prob` then `warn`.
 * `below: true` flips numeric limits: the value is bad when at or under them
 * (free space, remaining days). `now` (epoch ms) is for time relations.
 * Returns { rc: RC.PROBLEM|RC.WARNING|RC.OK, crossed: 'prob'|'warn'|undefined,
 * limit: human text of the crossed limit such as '>= 90' or 'less than 1' }.
 * Throws MisconfigError when a limit is a string that is not a relation.
 */
export function grade(value, { warn, prob } = {}, { below = false, now = Date.now() } = {}) {
  const problem = crossed(value, prob, below, now);
  if (problem) return { rc: RC.PROBLEM, crossed: 'prob', limit: problem };
  const warning = crossed(value, warn, below, now);
  if (warning) return { rc: RC.WARNING, crossed: 'warn', limit: warning };
  return { rc: RC.OK, crossed: undefined, limit: undefined };
}

/** The limit's text when `value` crosses it, else undefined. */
function crossed(value, limit, below, now) {
  if (limit === undefined || limit === null || limit === '') return undefined;
  if (typeof limit === 'string' && NUMBER.test(limit)) limit = Number(limit);
  if (typeof limit === 'number') {
    const hit = below ? value <= limit : value >= limit;
    return hit ? `${below ? '<=' : '>='} ${limit}` : undefined;
  }
  const relation = typeof limit === 'string' ? parseRelation(limit) : limit;
  return relation.test(value, now) ? relation.description : undefined;
}
