/**
 * The options a module works with: the received options checked against the
 * manifest's types, with defaults applied (see option-type.js).
 */
import { misconfig } from './check-error.js';
import { coerceOption } from './option-type.js';

/**
 * Returns a frozen object with one typed value per declared option (absent
 * optional options without a default are left out). Without a manifest the
 * received options are returned unchanged. Throws MisconfigError for unknown
 * options, missing required ones and values of the wrong type.
 */
export function typedOptions(received, manifest) {
  const options = received && typeof received === 'object' && !Array.isArray(received) ? received : {};
  if (!manifest) return Object.freeze({ ...options });
  const unknown = Object.keys(options).filter((name) => !manifest.options.has(name));
  if (unknown.length > 0) {
    const known = [...manifest.options.keys()].join(', ') || 'none';
    throw misconfig(`unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (this module takes: ${known})`);
  }
  const typed = {};
  for (const [name, { type }] of manifest.options) {
    const value = coerceOption(name, type, options[name]);
    if (value !== undefined) typed[name] = value;
  }
  return Object.freeze(typed);
}
