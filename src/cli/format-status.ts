import type { PairView } from './pair-view.js';

/** 1.0's ctime-like local time, e.g. "Sat Nov 21 14:05:09 2026". */
export function ctime(ms: number): string {
  const d = new Date(ms);
  const day = d.toLocaleString('en-US', { weekday: 'short' });
  const mon = d.toLocaleString('en-US', { month: 'short' });
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${day} ${mon} ${String(d.getDate()).padStart(2, ' ')} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getFullYear()}`;
}

const COLOURS: Record<number, string> = { 0: '\x1b[32m', 1: '\x1b[31m', 2: '\x1b[33m', 3: '\x1b[33m', 5: '\x1b[31m', 6: '\x1b[33m' };

/** The status of one pair in 1.0's layout (reference 1.4, output sketch). */
export function formatStatus(v: PairView, colour: boolean, extra: readonly string[] = []): string {
  const result = v.status === 'Reschedule request pending' || v.rc === 7 ? v.status : `${v.status} (${v.instances} instance${v.instances === 1 ? '' : 's'})`;
  const c = colour ? (v.state !== undefined ? '\x1b[2m' : (COLOURS[v.rc] ?? '')) : '';
  const head = v.state === undefined ? result : stateText(v);
  const lines = [`[${v.service}@${v.host}]`, ` ${c}${head}${c !== '' ? '\x1b[0m' : ''}`];
  if (v.disabled !== undefined) {
    lines.push(` -> ${v.state === 'paused' ? 'Paused' : 'Disabled'} by ${v.disabled.who} at ${ctime(v.disabled.time)}: ${v.disabled.comment}`);
    lines.push(` -> Last result: ${result}`);
  }
  if (v.comment !== '') lines.push(` -> Comment: ${v.comment}`);
  if (v.duration >= 0) lines.push(` -> Execution duration: ${v.duration}ms`);
  if (v.time > 0) lines.push(` -> Last check: ${ctime(v.time)}`);
  if (v.since > 0) lines.push(` -> First check (this result): ${ctime(v.since)}`);
  lines.push(` -> Approximate next check: ${v.next !== undefined ? ctime(v.next) : 'never'}`);
  lines.push(...extra);
  return lines.join('\n');
}

/** "Disabled", "Paused (until <ctime>)" or "Paused (until enabled)". */
export function stateText(v: PairView): string {
  if (v.state === 'disabled') return 'Disabled';
  return `Paused (until ${v.disabled?.until !== undefined ? ctime(v.disabled.until) : 'enabled'})`;
}
