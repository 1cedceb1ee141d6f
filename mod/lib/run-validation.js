/**
 * `<module> -v`: checks the module's own prerequisites and prints one result
 * line for localhost: rc 0 and "<Name> OK" (exit 0), or rc 1 and the reason (exit 1).
 */
import { basename } from 'node:path';
import { readManifest } from './manifest.js';
import { resultLine } from './result-line.js';
import { RC } from './return-code.js';

/**
 * validate: optional async () → comment string (or { comment, scalar });
 * throwing fails the validation with the error's message. The manifest, when
 * there is one, must parse too. Exits the process.
 */
export async function runValidation(validate, manifestPath) {
  let result;
  try {
    if (manifestPath) readManifest(manifestPath);
    const answer = validate ? await validate() : undefined;
    const fields = typeof answer === 'object' && answer !== null ? answer : { comment: answer };
    result = { rc: RC.OK, scalar: fields.scalar ?? 0, comment: fields.comment ?? `${displayName()} OK` };
  } catch (error) {
    result = { rc: RC.PROBLEM, scalar: 0, comment: error instanceof Error ? error.message : String(error) };
  }
  process.stdout.write(resultLine('localhost', result), () => process.exit(result.rc === RC.OK ? 0 : 1));
}

/** "ping" → "Ping": 1.0's "<Module> OK" convention. */
export function displayName(name = basename(process.argv[1] ?? 'module')) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
