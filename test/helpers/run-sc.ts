import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestInstance } from './instance.js';
import { projectRoot } from './project.js';

export interface ScRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs sbin/sc (the compiled dist/ tree) against a test instance. */
export function runSc(inst: TestInstance, args: readonly string[]): Promise<ScRun> {
  return new Promise((resolve) => {
    const child = spawn(join(projectRoot, 'sbin', 'sc'), ['-I', inst.instanceFile, '-i', inst.name, '-m', inst.moduleDir, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs sc and asserts exit 0. */
export async function scOk(inst: TestInstance, args: readonly string[]): Promise<ScRun> {
  const r = await runSc(inst, args);
  assert.equal(r.code, 0, `sc ${args.join(' ')}: ${r.stderr}`);
  return r;
}

/** Runs sc and asserts exit `code` with exactly one line on stderr matching `pattern`. */
export async function scRefused(inst: TestInstance, args: readonly string[], code: number, pattern: RegExp): Promise<void> {
  const r = await runSc(inst, args);
  assert.equal(r.code, code, `sc ${args.join(' ')} exits ${code}: ${r.stdout}${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0] ?? '', pattern);
}
