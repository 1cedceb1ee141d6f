/**
 * Helpers for report modules (docs/modules.md, "Report modules"): read the
 * request `sc report` writes on stdin, let the module build one table, and
 * print it in the requested style. A report module is a few lines:
 *
 *   import { runReport } from '../lib/report.js';
 *   await runReport({ name: 'Count', types: ['check'], build: (request) => ({
 *     columns: [{ title: 'pair' }, { title: 'records', align: 'right' }],
 *     rows: request.records.map((p) => ({ cells: [`${p.service}@${p.host}`, p.records.length], check: `${p.records.length}` })),
 *   }) });
 *
 * Exit codes (1.0): 0 OK, 1 PROBLEM (the report could not be made), 4
 * MISCONFIG (bad request, or a history type the module cannot report on).
 */
import { RC, rcName } from './return-code.js';

export class ReportError extends Error {
  constructor(rc, message) {
    super(message);
    this.rc = rc;
  }
}

/** Reads stdin completely; resolves with the text. */
export async function readStdin(stream = process.stdin) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses and checks a request document: {"version":1,"instance","type","style",
 * "from","until","now","tmpdir","records":[{"service","host","records":[…]}]}.
 * Throws ReportError(MISCONFIG) for anything else or a type not in `types`.
 */
export function parseReportRequest(text, types) {
  let request;
  try {
    request = JSON.parse(text);
  } catch (error) {
    throw new ReportError(RC.MISCONFIG, `request is not JSON: ${error.message}`);
  }
  if (request === null || typeof request !== 'object' || request.version !== 1) {
    throw new ReportError(RC.MISCONFIG, `unsupported request (expected version 1, got ${JSON.stringify(request?.version)})`);
  }
  if (!Array.isArray(request.records)) throw new ReportError(RC.MISCONFIG, 'request has no "records" array');
  if (!types.includes(request.type)) {
    throw new ReportError(RC.MISCONFIG, `cannot report on ${request.type} history (this module reads ${types.join(', ')} history)`);
  }
  if (!['text', 'html', 'check'].includes(request.style ?? 'text')) throw new ReportError(RC.MISCONFIG, `unknown style ${request.style}`);
  return { style: 'text', ...request };
}

/** Records of a pair oldest first (the request may be newest first with `-o reverse`); returns a copy. */
export function chronological(records) {
  return [...records].sort((a, b) => a.time - b.time);
}

/** The `p`-th percentile (0–100) of numbers by nearest rank; undefined for an empty list. */
export function percentile(values, p) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Epoch ms as `YYYY-MM-DD HH:MM:SSZ` (UTC); '-' for none. */
export function timeText(ms) {
  return typeof ms === 'number' && Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z` : '-';
}

/** A number rounded to `digits` decimals, as text. */
export function fixed(value, digits = 2) {
  return value === undefined || !Number.isFinite(value) ? '-' : String(Number(value.toFixed(digits)));
}

/** The name of a return code for column titles (OK, PROBLEM, …, site codes as numbers). */
export { rcName };

/** The report's title line: what was read, over which window. */
export function reportTitle(name, request) {
  const window = request.from == null && request.until == null ? 'all history' : `${timeText(request.from ?? undefined)} to ${timeText(request.until ?? undefined)}`;
  const pairs = request.records.length;
  return `${name} report: ${request.type} history of ${pairs} pair${pairs === 1 ? '' : 's'}, ${window}`;
}

/** Renders `table` ({columns:[{title,align}], rows:[{service,host,cells,check}]}) in `style`. Pure. */
export function renderReport(title, table, style) {
  if (style === 'check') return table.rows.map((row) => `${row.service} ${row.host} ${row.check}`).join('\n');
  if (style === 'html') return renderHtml(title, table);
  return renderText(title, table);
}

function renderText(title, { columns, rows }) {
  const cells = rows.map((row) => row.cells.map((c) => String(c)));
  const widths = columns.map((col, i) => Math.max(col.title.length, ...cells.map((r) => (r[i] ?? '').length)));
  const pad = (text, i) => (columns[i].align === 'right' ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const line = (texts) => texts.map(pad).join('  ').trimEnd();
  return [title, '', line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function renderHtml(title, { columns, rows }) {
  const th = columns.map((c) => `<th${c.align === 'right' ? ' class="n"' : ''}>${escapeHtml(c.title)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.cells.map((cell, i) => `<td${columns[i]?.align === 'right' ? ' class="n"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:sans-serif}table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:2px 8px}th{background:#eee}.n{text-align:right}</style>',
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<table><thead><tr>${th}</tr></thead><tbody>`,
    body,
    '</tbody></table></body></html>',
  ].join('\n');
}

/**
 * The whole life of a report module: `-v` prints "<name> OK" and exits 0;
 * otherwise reads the request, calls `build(request)` for the table and
 * prints it. Failures print one line on stderr and exit with their rc.
 * spec: {name, types, build, validate?}.
 */
export async function runReport(spec) {
  try {
    if (process.argv[2] === '-v') {
      process.stdout.write(`${spec.validate ? await spec.validate() : `${spec.name} OK`}\n`);
      return;
    }
    const request = parseReportRequest(await readStdin(), spec.types);
    const table = spec.build(request);
    const text = renderReport(reportTitle(spec.name, request), table, request.style);
    if (text !== '') process.stdout.write(`${text}\n`);
  } catch (error) {
    process.stderr.write(`${spec.name}: ${error.message}\n`);
    process.exitCode = error instanceof ReportError ? error.rc : RC.PROBLEM;
  }
}
