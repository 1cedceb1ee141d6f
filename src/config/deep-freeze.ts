/**
 * Freezes a loaded configuration all the way down, so no part of the daemon
 * can change what every other part relies on. Maps are frozen too: their
 * mutators are replaced by ones that throw, since Object.freeze alone leaves
 * a Map's entries writable.
 */
function refuse(): never {
  throw new TypeError('the configuration is frozen');
}

/** Freezes `value` and everything reachable from it in place; returns it. */
export function deepFreeze<T>(value: T): T {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Map) {
      for (const [k, item] of v) stack.push(k, item);
      for (const method of ['set', 'delete', 'clear']) Object.defineProperty(v, method, { value: refuse });
    } else if (v instanceof Set) {
      for (const item of v) stack.push(item);
      for (const method of ['add', 'delete', 'clear']) Object.defineProperty(v, method, { value: refuse });
    } else {
      for (const item of Object.values(v)) stack.push(item);
    }
    Object.freeze(v);
  }
  return value;
}
