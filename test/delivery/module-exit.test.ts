import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyModuleExit } from '../../src/delivery/module-exit.js';
import type { ProcessOutcome } from '../../src/exec/process-run.js';

const base: ProcessOutcome = { exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false, startedAt: 0, durationMs: 5 };

describe('classifyModuleExit', () => {
  const cases: [string, Partial<ProcessOutcome>, object][] = [
    ['counts exit 0 as sent', {}, { outcome: 'sent', rc: 0 }],
    ['keeps what a successful module said', { stderr: 'queued as 42\n' }, { outcome: 'sent', rc: 0, reply: 'queued as 42' }],
    ['retries exit 75 with the stderr as reply', { exitCode: 75, stderr: 'HTTP 503\n' }, { outcome: 'temporary', rc: 1, reply: 'HTTP 503' }],
    ['retries a silent exit 75', { exitCode: 75 }, { outcome: 'temporary', rc: 1, reply: 'exit code 75 (try again later)' }],
    ['fails exit 1 for good', { exitCode: 1, stderr: 'HTTP 404 Not Found\n' }, { outcome: 'permanent', rc: 1, reply: 'HTTP 404 Not Found' }],
    ['keeps a module\'s MISCONFIG', { exitCode: 4, stderr: 'bad address' }, { outcome: 'permanent', rc: 4, reply: 'bad address' }],
    ['keeps a site return code', { exitCode: 42 }, { outcome: 'permanent', rc: 42, reply: 'exit code 42' }],
    ['turns an invalid exit code into 1', { exitCode: 12 }, { outcome: 'permanent', rc: 1, reply: 'exit code 12' }],
    ['joins stderr lines', { exitCode: 1, stderr: 'one\n\ntwo\n' }, { outcome: 'permanent', rc: 1, reply: 'one | two' }],
    ['retries a module that timed out', { exitCode: null, signal: 'SIGTERM', timedOut: true }, { outcome: 'temporary', rc: 5, reply: 'timed out after 300 s' }],
    ['retries a module killed by a signal', { exitCode: null, signal: 'SIGKILL' }, { outcome: 'temporary', rc: 1, reply: 'killed by SIGKILL' }],
    ['calls a missing module a misconfiguration', { exitCode: null, startError: '/m/transmit/x not found (ENOENT)' }, { outcome: 'permanent', rc: 4, reply: '/m/transmit/x not found (ENOENT)' }],
    ['calls an unexecutable module a misconfiguration', { exitCode: null, startError: '/m/transmit/x is not executable (EACCES)' }, { outcome: 'permanent', rc: 4, reply: '/m/transmit/x is not executable (EACCES)' }],
    ['retries when no process could be started', { exitCode: null, startError: 'too many open files (EMFILE)' }, { outcome: 'temporary', rc: 1, reply: 'too many open files (EMFILE)' }],
  ];
  for (const [name, outcome, expected] of cases) it(name, () => assert.deepEqual(classifyModuleExit({ ...base, ...outcome }, 300_000), expected));

  it('keeps only the end of a long stderr', () => {
    const result = classifyModuleExit({ ...base, exitCode: 1, stderr: `${'a'.repeat(1000)}END` }, 1000);
    assert.equal(result.reply?.length, 500);
    assert.ok(result.reply?.endsWith('END'));
  });
});
