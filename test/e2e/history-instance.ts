/**
 * A test instance with hand-written history (the format is a public
 * interface, docs/state.md) for the report and archivehistory tests.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeInstance, type TestInstance } from '../helpers/instance.js';
import { shippedModulesDir } from '../helpers/project.js';

const HOSTS = '[class lab]\nhosts = h1 h2\ncheck schedule = slow\n\n[group answer]\nhosts = h1 h2\n';
const CHECKS = '[check answer]\nmodule = answer\ntimeout = 10 seconds\n';
const SCHEDULES = '[schedule slow]\nrule = every 1 hour\n';

/** 2026-01-01T00:00:00Z and one minute. */
export const T0 = Date.UTC(2026, 0, 1);
export const MIN = 60_000;
export const iso = (ms: number): string => new Date(ms).toISOString();

export function checkLine(time: number, rc: number, scalar = 1, duration = 100): string {
  return JSON.stringify({ time, rc, scalar, comment: `rc ${rc}`, duration }) + '\n';
}

/** Writes a history file directly; returns its path. */
export async function writeHistory(inst: TestInstance, service: string, host: string, kind: string, lines: string[]): Promise<string> {
  const dir = join(inst.historyDir, 'host', host, service);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, kind), lines.join(''));
  return join(dir, kind);
}

/** The non-empty lines of a file. */
export async function lines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '');
}

/**
 * Pairs answer@h1 and answer@h2 with the shipped report modules. History of
 * h1: OK at T0, PROBLEM at +10 min, OK at +15 min; h2: OK at T0 and +10 min.
 */
export async function historyInstance(allowArchive = true): Promise<TestInstance> {
  const inst = await makeInstance({ extra: allowArchive ? 'allow archive = yes' : '' });
  await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES });
  for (const dir of ['report', 'lib']) await cp(join(shippedModulesDir, dir), join(inst.moduleDir, dir), { recursive: true });
  await writeHistory(inst, 'answer', 'h1', 'checkhistory', [checkLine(T0, 0, 1, 100), checkLine(T0 + 10 * MIN, 1, 2, 300), checkLine(T0 + 15 * MIN, 0, 3, 200)]);
  await writeHistory(inst, 'answer', 'h2', 'checkhistory', [checkLine(T0, 0), checkLine(T0 + 10 * MIN, 0)]);
  return inst;
}
