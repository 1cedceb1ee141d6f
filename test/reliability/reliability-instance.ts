/** Readers shared by the fault-injection tests: every state file, every history line, the instance's processes. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestInstance } from '../helpers/instance.js';

/** A file under var/ that did not parse, with the reason. */
export interface Unparseable {
  readonly path: string;
  readonly reason: string;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(path)));
    else if (e.isFile()) out.push(path);
  }
  return out;
}

// Writers in progress leave `<name>.<random>` beside the file (docs/state.md); locks are proper-lockfile's.
const isTemporary = (name: string): boolean =>
  name === 'lock' || name.endsWith('.lock') || name.endsWith('.corrupt') || (/\.[0-9a-z]+$/i.test(name) && !name.endsWith('.json'));

/**
 * Parses every state file under statedir (JSON documents; empty = none) and
 * returns how many parsed and the ones that did not. Temporary files of
 * writers and locks are skipped, as docs/state.md tells readers to.
 */
export async function parseStateFiles(inst: TestInstance): Promise<{ files: number; bad: Unparseable[] }> {
  const bad: Unparseable[] = [];
  let files = 0;
  for (const path of await walk(inst.stateDir)) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (isTemporary(name)) continue;
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined || text === '') continue;
    files++;
    try {
      JSON.parse(text);
    } catch (e) {
      bad.push({ path, reason: (e as Error).message });
    }
  }
  return { files, bad };
}

/**
 * Parses every history line under historydir. With `allowTornLast`, an
 * unterminated last line (left by a crash, repaired at start-up) is skipped.
 */
export async function parseHistoryLines(inst: TestInstance, allowTornLast = false): Promise<{ lines: number; bad: Unparseable[] }> {
  const bad: Unparseable[] = [];
  let lines = 0;
  for (const path of await walk(inst.historyDir)) {
    const text = await readFile(path, 'utf8');
    const parts = text.split('\n');
    const last = parts.pop() ?? '';
    if (last !== '' && !allowTornLast) bad.push({ path, reason: `unterminated last line: ${last.slice(0, 80)}` });
    for (const line of parts) {
      if (line === '') continue;
      lines++;
      try {
        JSON.parse(line);
      } catch (e) {
        bad.push({ path, reason: `${(e as Error).message}: ${line.slice(0, 80)}` });
      }
    }
  }
  return { lines, bad };
}

/** The records of one history file of a pair, oldest first ([] when absent). */
export async function historyOf(inst: TestInstance, kind: string, service: string, host: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(inst.historyDir, 'host', host, service, kind), 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Every file and directory below `root`, as relative paths (for before/after snapshots). */
export async function treeOf(root: string): Promise<Set<string>> {
  const out = new Set<string>();
  async function go(dir: string, rel: string): Promise<void> {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      out.add(r);
      if (e.isDirectory()) await go(join(dir, e.name), r);
    }
  }
  await go(root, '');
  return out;
}
