/**
 * Runs shipped modules as real child processes, the way the daemon does: a
 * minimal environment, JSON on stdin, result lines on stdout.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedModulesDir } from '../helpers/project.js';

const KINDS = ['check', 'fix', 'transport'];

/** Every shipped module as kind/name (executables, not their manifests). */
export const shippedModules = KINDS.flatMap((kind) =>
  readdirSync(join(shippedModulesDir, kind))
    .filter((name) => !name.endsWith('.ini') && !name.startsWith('.'))
    .map((name) => `${kind}/${name}`),
);

export interface ResultLine {
  host: string;
  rc: number;
  scalar: number;
  comment: string;
  duration?: number;
}

export interface ModuleRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout's lines parsed as JSON (every line must parse). */
  lines: ResultLine[];
}

export interface RunSettings {
  args?: readonly string[];
  /** Added to the minimal environment. */
  env?: Readonly<Record<string, string>>;
}

/** Absolute path of a shipped module, e.g. modulePath('check/tcp'). */
export function modulePath(kindAndName: string): string {
  return join(shippedModulesDir, kindAndName);
}

/** The daemon's minimal module environment. */
export function moduleEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: tmpdir(), TMPDIR: tmpdir(), ...extra };
}

/** Runs `path` (absolute, or kind/name under mod/) with `stdin` (objects are sent as JSON). */
export function runModule(path: string, stdin: string | object = '', settings: RunSettings = {}): Promise<ModuleRun> {
  const file = path.startsWith('/') ? path : modulePath(path);
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...(settings.args ?? [])], { env: moduleEnv(settings.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      try {
        const lines = stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as ResultLine);
        resolve({ code, signal, stdout, stderr, lines });
      } catch (error) {
        reject(new Error(`${file} printed a line that is not JSON: ${stdout}`, { cause: error }));
      }
    });
    child.stdin.on('error', () => {});
    child.stdin.end(typeof stdin === 'string' ? stdin : JSON.stringify(stdin));
  });
}

export interface BatchRun extends ModuleRun {
  /** host → its line; the run is checked to answer every host exactly once. */
  byHost: Map<string, ResultLine>;
}

/** Runs check module `name` for `hosts` with `options`; fails unless every host gets exactly one line and the exit code is 0. */
export async function runCheck(
  name: string,
  hosts: readonly string[],
  options: Record<string, unknown>,
  settings: RunSettings & { timeout?: number } = {},
): Promise<BatchRun> {
  const run = await runModule(`check/${name}`, { version: 1, service: name, hosts, timeout: settings.timeout ?? 10, options }, settings);
  const byHost = new Map(run.lines.map((line) => [line.host, line]));
  const answered = run.lines.map((line) => line.host).sort();
  if (run.code !== 0 || JSON.stringify(answered) !== JSON.stringify([...hosts].sort())) {
    throw new Error(`check/${name} answered ${JSON.stringify(answered)} with exit ${run.code} for ${JSON.stringify(hosts)}: ${run.stdout}${run.stderr}`);
  }
  return { ...run, byHost };
}

/** The one line of a single-host run. */
export async function checkOne(name: string, host: string, options: Record<string, unknown>, settings: RunSettings & { timeout?: number } = {}): Promise<ResultLine> {
  const run = await runCheck(name, [host], options, settings);
  return run.byHost.get(host)!;
}
