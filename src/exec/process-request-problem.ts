import type { ProcessRequest } from './process-run.js';

/**
 * Checks a ProcessRequest before anything is started (requests cross the
 * executor IPC channel as JSON, so they are not trusted to match their type).
 * Returns undefined when it is usable, else a sentence like
 * "Expected `timeoutMs` to be a finite number >= 0, got `-1` (number)".
 */
export function processRequestProblem(request: ProcessRequest): string | undefined {
  const { argv, env, cwd, stdin } = request as Partial<Record<keyof ProcessRequest, unknown>>;
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string') || argv[0] === '') {
    return `Expected \`argv\` to be a non-empty array of strings with a program first, got ${shown(argv)}`;
  }
  if (typeof env !== 'object' || env === null || !Object.values(env).every((v) => typeof v === 'string')) {
    return `Expected \`env\` to be an object of strings, got ${shown(env)}`;
  }
  if (typeof cwd !== 'string' || cwd === '') return `Expected \`cwd\` to be a non-empty string, got ${shown(cwd)}`;
  if (stdin !== undefined && typeof stdin !== 'string') return `Expected \`stdin\` to be a string, got ${shown(stdin)}`;
  for (const key of ['timeoutMs', 'graceMs', 'maxOutputBytes'] as const) {
    const value: unknown = request[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      return `Expected \`${key}\` to be a finite number >= 0, got ${shown(value)}`;
    }
  }
  return undefined;
}

function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length > 60) text = text.slice(0, 57) + '...';
  return `\`${text}\` (${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`;
}
