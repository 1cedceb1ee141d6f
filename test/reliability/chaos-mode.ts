/**
 * Short (CI, `make test`) versus long (`make chaos`) mode of the
 * fault-injection suite, and where each test leaves its figures.
 * SURVIVOR_CHAOS=long scales the counts up; SURVIVOR_FIGURES_DIR, when set,
 * receives one <test>.json per test that bench/chaos.sh turns into the
 * figures section of docs/reliability.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const longMode = process.env.SURVIVOR_CHAOS === 'long';

/** `short` in CI, `long` under SURVIVOR_CHAOS=long. */
export function scaled(short: number, long: number): number {
  return longMode ? long : short;
}

/**
 * Keeps a test's figures: printed as one line on stderr (visible in the test
 * log) and written to $SURVIVOR_FIGURES_DIR/<name>.json when that is set.
 */
export function recordFigures(name: string, figures: Record<string, unknown>): void {
  const doc = { test: name, mode: longMode ? 'long' : 'short', at: new Date().toISOString(), ...figures };
  process.stderr.write(`# figures ${JSON.stringify(doc)}\n`);
  const dir = process.env.SURVIVOR_FIGURES_DIR;
  if (dir === undefined || dir === '') return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(doc, null, 2) + '\n');
}
