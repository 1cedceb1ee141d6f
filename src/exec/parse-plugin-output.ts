import { commentText } from './comment-text.js';

/** Comment and scalar of a single- or nagios-protocol module's stdout. */
export interface PluginText {
  readonly comment: string;
  readonly scalar: number;
}

/**
 * Reads Nagios plugin style output: the first line up to `|` is the comment;
 * the first perfdata value after `|` on that line (`label=12.6ms;1;2`,
 * labels may be quoted) rounded to an integer is the scalar, else 0. Pure.
 */
export function parsePluginOutput(stdout: string): PluginText {
  const first = stdout.split('\n', 1)[0] ?? '';
  const bar = first.indexOf('|');
  if (bar < 0) return { comment: commentText(first), scalar: 0 };
  return { comment: commentText(first.slice(0, bar)), scalar: firstPerfValue(first.slice(bar + 1)) };
}

const PERF_VALUE = /^\s*(?:'(?:[^']|'')*'|[^\s=']+)=([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/;

function firstPerfValue(perfdata: string): number {
  const match = PERF_VALUE.exec(perfdata);
  if (match?.[1] === undefined) return 0;
  const value = Math.round(Number(match[1]));
  return Number.isFinite(value) ? value : 0;
}
