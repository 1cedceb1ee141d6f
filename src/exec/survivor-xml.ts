import type { ModuleOptions } from '../config/config-model.js';
import { RC, isValidRc } from '../domain/return-code.js';
import { invalidRcComment } from './parse-batch-output.js';
import { commentText } from './comment-text.js';
import type { ModuleAnswer } from './module-invocation.js';

/**
 * SURVIVOR 1.0's XML check protocol (reference 3.4), so unchanged 1.0
 * modules run: SurvivorCheckData in, a stream of SurvivorCheckResult
 * documents out. Pure.
 */

/** The SurvivorCheckData document: hosts, timeout in whole seconds (rounded up), options (lists as repeated OptionValue). */
export function survivorCheckData(hosts: readonly string[], timeoutMs: number, options: ModuleOptions): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<SurvivorCheckData Version="1.0">'];
  for (const host of hosts) lines.push(`  <Host>${escapeXml(host)}</Host>`);
  lines.push(`  <Timeout>${Math.ceil(timeoutMs / 1000)}</Timeout>`);
  for (const [name, value] of Object.entries(options)) {
    const values: readonly (string | number | boolean)[] = Array.isArray(value) ? value : [value as string | number | boolean];
    const inner = values.map((v) => `<OptionValue>${escapeXml(String(v))}</OptionValue>`).join('');
    lines.push(`  <ModuleOption OptionName="${escapeXml(name)}">${inner}</ModuleOption>`);
  }
  lines.push('</SurvivorCheckData>', '');
  return lines.join('\n');
}

const END_TAG = '</SurvivorCheckResult>';

/**
 * Reads the module's stdout the way 1.0 did: split after each
 * `</SurvivorCheckResult>` (a trailing unfinished document is ignored), take
 * Host, ReturnCode, Scalar, Comment and Duration from each. Unknown or
 * repeated hosts and documents without a Host are ignored; a bad ReturnCode
 * gives MISCONFIG, as in the batch protocol.
 *
 * @returns host → answer, for the hosts in `hosts` that were answered.
 */
export function parseSurvivorXmlOutput(stdout: string, hosts: readonly string[]): Map<string, ModuleAnswer> {
  const wanted = new Set(hosts);
  const answers = new Map<string, ModuleAnswer>();
  const documents = stdout.split(END_TAG);
  documents.pop();
  for (const document of documents) {
    const start = document.lastIndexOf('<SurvivorCheckResult');
    if (start < 0) continue;
    const body = document.slice(start);
    const host = element(body, 'Host')?.trim();
    if (host === undefined || !wanted.has(host) || answers.has(host)) continue;
    answers.set(host, xmlAnswer(body));
  }
  return answers;
}

function xmlAnswer(body: string): ModuleAnswer {
  const comment = commentText(element(body, 'Comment') ?? '');
  const rcText = element(body, 'ReturnCode')?.trim();
  const duration = integer(element(body, 'Duration'));
  const base = duration === undefined || duration < 0 ? {} : { duration };
  const rc = integer(rcText);
  if (rc === undefined || !isValidRc(rc)) {
    return { ...base, rc: RC.MISCONFIG, scalar: 0, comment: invalidRcComment(rc ?? rcText, comment) };
  }
  return { ...base, rc, scalar: Math.round(Number(element(body, 'Scalar')?.trim() ?? '0')) || 0, comment };
}

function element(body: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}\\s*>`).exec(body);
  return match?.[1] === undefined ? undefined : unescapeXml(match[1]);
}

function integer(text: string | undefined): number | undefined {
  return text !== undefined && /^\s*-?\d+\s*$/.test(text) ? Number(text) : undefined;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c] ?? ''};`);
}

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>|&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, cdata?: string, ref?: string) => {
      if (cdata !== undefined) return cdata;
      if (ref === undefined) return whole;
      if (ref.startsWith('#')) {
        const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return NAMED[ref] ?? whole;
    });
}
