/**
 * Survivor's helper library for check modules written in JavaScript (Node 20,
 * ESM, builtins only). A batch module is a few lines:
 *
 *   import { runBatch, RC } from '../lib/survivor.js';
 *   await runBatch(async (host, options, ctx) => ({ rc: RC.OK, scalar: 1, comment: 'fine' }),
 *     { concurrency: 16, validate: async () => 'Mymod OK' });
 *
 * See docs/modules.md for the protocols and the full API.
 */
export { RC, isValidRc, rcName, worseRc } from './return-code.js';
export { runBatch, deadlineMargin } from './run-batch.js';
export { CheckError, MisconfigError, misconfig, errorResult } from './check-error.js';
export { parseRelation, isRelation } from './relation.js';
export { grade } from './threshold.js';
export { runCommand } from './run-command.js';
export { readManifest, parseManifest } from './manifest.js';
export { parseOptionType, coerceOption } from './option-type.js';
export { typedOptions } from './typed-options.js';
export { MAX_COMMENT_CHARS, flattenComment, resultLine } from './result-line.js';
export { parseBatchInput } from './batch-input.js';
