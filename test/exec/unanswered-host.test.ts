import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcessOutcome } from '../../src/exec/process-run.js';
import { unansweredHost } from '../../src/exec/unanswered-host.js';

const base: ProcessOutcome = { exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false, startedAt: 0, durationMs: 25 };

describe('unansweredHost', () => {
  const cases: { name: string; outcome: Partial<ProcessOutcome>; anyAnswer?: boolean; rc: number; comment: string }[] = [
    { name: 'timed out', outcome: { timedOut: true, signal: 'SIGTERM', exitCode: null }, rc: 5, comment: 'Timed out' },
    { name: 'silent success', outcome: {}, rc: 4, comment: 'Module is misconfigured (no output received)' },
    { name: 'start error', outcome: { exitCode: null, startError: '/m/x is not executable (EACCES)' }, rc: 4, comment: 'Module is misconfigured (no output received): cannot start: /m/x is not executable (EACCES)' },
    { name: 'killed by a signal', outcome: { exitCode: null, signal: 'SIGSEGV' }, rc: 4, comment: 'Module is misconfigured (no output received): killed by SIGSEGV' },
    { name: 'exit status and stderr', outcome: { exitCode: 3, stderr: '\n  cannot read config  \nmore\n' }, rc: 4, comment: 'Module is misconfigured (no output received): exit status 3; stderr: cannot read config' },
    { name: 'garbage output', outcome: { stdout: 'junk' }, rc: 4, comment: 'Module is misconfigured (no output received): no valid result in the output' },
    { name: 'other hosts answered', outcome: { stdout: '{...}' }, anyAnswer: true, rc: 4, comment: 'Module is misconfigured (no output received)' },
    { name: 'truncated output', outcome: { stdout: 'x', truncated: true }, rc: 4, comment: 'Module is misconfigured (no output received): output truncated' },
  ];
  for (const c of cases) {
    it(`explains a host left unanswered: ${c.name}`, () => {
      const result = unansweredHost('h', { ...base, ...c.outcome }, c.anyAnswer ?? false);
      assert.deepEqual(result, { host: 'h', rc: c.rc, scalar: 0, comment: c.comment, duration: 25 });
    });
  }
});
