import { rcName } from '../domain/return-code.js';
import type { PairView } from './pair-view.js';

/** What the monitor draws besides the rows. */
export interface MonitorFrame {
  readonly title: string;
  /** Terminal size in character cells. */
  readonly columns: number;
  readonly rows: number;
  /** First row shown (paging). */
  readonly first: number;
  readonly now: number;
  readonly colour: boolean;
}

const STATUS_W = 10;
const ATTEMPT_W = 4;
const TIME_W = 8;
const MIN_COMMENT_W = 8;

const COLOURS: Readonly<Record<string, string>> = { OK: '\x1b[32m', PROBLEM: '\x1b[31m', TIMEDOUT: '\x1b[31m', WARNING: '\x1b[33m', NOTICE: '\x1b[33m', DEPEND: '\x1b[33m', MISCONFIG: '\x1b[35m' };

/** The status column: Disabled, Paused, Pending (rescheduled), Waiting (never run), else the rc name (OK, PROBLEM, …). */
export function monitorStatus(v: PairView): string {
  if (v.state === 'disabled') return 'Disabled';
  if (v.state === 'paused') return 'Paused';
  if (v.time === 0 && v.instances > 0) return 'Pending';
  if (v.rc === 7) return 'Waiting';
  return rcName(v.rc);
}

/** HH:MM:SS for a time today, MM-DD HH:MM otherwise, "-" for none. Local time. */
export function shortTime(ms: number | undefined, now: number): string {
  if (ms === undefined || ms <= 0) return '-';
  const d = new Date(ms);
  const n = new Date(now);
  const p = (x: number): string => String(x).padStart(2, '0');
  if (d.toDateString() === n.toDateString()) return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`.slice(0, TIME_W);
}

/** `text` with control characters made visible and cut or padded to exactly `width` cells. */
export function fit(text: string, width: number): string {
  let clean = '';
  for (const ch of text) clean += ch < ' ' || ch === '\x7f' ? ' ' : ch;
  if (clean.length <= width) return clean.padEnd(width);
  return width <= 1 ? clean.slice(0, width) : clean.slice(0, width - 1) + '…';
}

/**
 * The screen of `sc monitor`: a title line, a header, one line per pair from
 * `frame.first` (service@host, status, attempt = instances, last and next
 * check, comment cut to fit) and a footer, never wider than `frame.columns`
 * nor taller than `frame.rows`. Pure.
 */
export function renderMonitor(views: readonly PairView[], frame: MonitorFrame): string[] {
  const width = Math.max(40, frame.columns);
  const nameW = Math.min(32, Math.max(12, ...views.map((v) => v.service.length + v.host.length + 1)), width - STATUS_W - ATTEMPT_W - 2 * TIME_W - MIN_COMMENT_W - 5);
  const commentW = width - nameW - STATUS_W - ATTEMPT_W - 2 * TIME_W - 5;
  const body = Math.max(1, frame.rows - 3);
  const first = Math.max(0, Math.min(frame.first, views.length - body));
  const counts = new Map<string, number>();
  for (const v of views) counts.set(monitorStatus(v), (counts.get(monitorStatus(v)) ?? 0) + 1);
  const summary = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  const lines = [fit(`${frame.title} — ${views.length} pairs${summary !== '' ? `: ${summary}` : ''}`, width)];
  lines.push(fit(['SERVICE@HOST'.padEnd(nameW), 'STATUS'.padEnd(STATUS_W), 'ATT'.padStart(ATTEMPT_W), 'LAST'.padEnd(TIME_W), 'NEXT'.padEnd(TIME_W), 'COMMENT'].join(' '), width));
  for (const v of views.slice(first, first + body)) {
    const status = monitorStatus(v);
    const c = frame.colour ? (COLOURS[status] ?? '') : '';
    const cells = [
      fit(`${v.service}@${v.host}`, nameW),
      `${c}${fit(status, STATUS_W)}${c !== '' ? '\x1b[0m' : ''}`,
      (v.instances > 0 ? String(v.instances) : '').padStart(ATTEMPT_W).slice(-ATTEMPT_W),
      fit(shortTime(v.time, frame.now), TIME_W),
      fit(v.state === 'disabled' ? '-' : shortTime(v.next, frame.now), TIME_W),
      fit(v.comment, commentW),
    ];
    lines.push(cells.join(' '));
  }
  const shown = views.length === 0 ? 'no pairs match' : `rows ${first + 1}-${Math.min(views.length, first + body)} of ${views.length}`;
  lines.push(fit(`${shown}   ${shortTime(frame.now, frame.now)}   q quit  space/b page`, width));
  return lines;
}
