// Writes the figures the test/reliability tests left in FIGURES_DIR (one JSON per
// test, see test/reliability/chaos-mode.ts) into docs/reliability.md, between the
// markers <!-- figures:MODE:begin --> and <!-- figures:MODE:end -->.
// Usage: node dist/bench/reliability-figures.js FIGURES_DIR DOC MODE   (MODE: short | long)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Figures {
  readonly test: string;
  readonly at: string;
  readonly [key: string]: unknown;
}

const [dir, doc, mode] = process.argv.slice(2);
if (dir === undefined || doc === undefined || (mode !== 'short' && mode !== 'long')) {
  console.error('usage: reliability-figures.js FIGURES_DIR DOC short|long');
  process.exit(2);
}
const figures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Figures);
const show = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(' → ') : String(v));
const rows = figures.map(({ test, at, mode: _mode, ...rest }) =>
  `| ${test} | ${at.slice(0, 16).replace('T', ' ')} UTC | ${Object.entries(rest).map(([k, v]) => `${k}: ${show(v)}`).join('; ')} |`,
);
const table = ['| test | run at | figures |', '|---|---|---|', ...rows].join('\n');
const begin = `<!-- figures:${mode}:begin -->`;
const end = `<!-- figures:${mode}:end -->`;
const text = readFileSync(doc, 'utf8');
const from = text.indexOf(begin);
const to = text.indexOf(end);
if (from < 0 || to < from) {
  console.error(`${doc}: no ${begin} … ${end} section`);
  process.exit(1);
}
writeFileSync(doc, text.slice(0, from + begin.length) + '\n' + table + '\n' + text.slice(to));
console.log(`${doc}: ${figures.length} ${mode}-mode figure rows written`);
