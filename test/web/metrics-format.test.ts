import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { recordRc, webFixture } from './web-fixture.js';

/**
 * The text exposition format (version 0.0.4): # HELP / # TYPE lines, then
 * samples `name{label="value",…} number`, every sample belonging to a TYPEd
 * family (histograms add _bucket/_sum/_count). Returns the problems found.
 */
function expositionProblems(text: string): string[] {
  const problems: string[] = [];
  const types = new Map<string, string>();
  const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
  const sample = new RegExp(`^(${NAME})(?:\\{(?:${LABEL}(?:,${LABEL})*,?)?\\})? (-?(?:[0-9.]+(?:e[+-]?[0-9]+)?|\\+?Inf|-Inf|NaN))(?: -?[0-9]+)?$`);
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta !== null) {
      if (!new RegExp(`^${NAME}$`).test(meta[2] ?? '')) problems.push(`bad metric name: ${line}`);
      if (meta[1] === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(meta[3] ?? '')) problems.push(`bad type: ${line}`);
        types.set(meta[2] ?? '', meta[3] ?? '');
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = sample.exec(line);
    if (m === null) {
      problems.push(`not a sample: ${line}`);
      continue;
    }
    const name = m[1] ?? '';
    const family = [name, name.replace(/_(bucket|sum|count)$/, '')].find((n) => types.has(n));
    if (family === undefined) problems.push(`sample without # TYPE: ${line}`);
  }
  return problems;
}

describe('/metrics/', () => {
  it('is valid Prometheus text exposition with the scheduler, pool, latency and process families', async () => {
    const f = await webFixture();
    await recordRc(f.store, 'h1', 1);
    await f.store.writeRunning('check', { pass: { duration: 12 }, queued: 3, running: 2, counters: { started: 7, completed: 5, byRc: { 0: 4, 1: 1 } } });
    await f.store.writeRunning('alert', { queued: 0, running: 1, counters: { notified: 2, delivered: 2, failed: 0 } });
    await f.server.board.refresh();
    const text = await (await f.fetch('/metrics/')).text();
    assert.deepEqual(expositionProblems(text), []);
    assert.deepEqual(expositionProblems('bogus line here\n'), ['not a sample: bogus line here'], 'the checker itself rejects garbage');
    for (const expected of [
      /^survivor_scheduler_up 1$/m,
      /^survivor_checks_total\{rc="1"\} 1$/m,
      /^survivor_checks_total\{rc="0"\} 4$/m,
      /^survivor_alerts_total\{outcome="delivered"\} 2$/m,
      /^survivor_queue_length\{pool="check"\} 3$/m,
      /^survivor_pool_running\{pool="check"\} 2$/m,
      /^survivor_pass_duration_seconds\{loop="check"\} 0\.012$/m,
      /^# TYPE survivor_check_due_to_start_seconds histogram$/m,
      /^survivor_state_write_seconds_count 1$/m,
      /^survivor_pairs\{state="Error"\} 1$/m,
      /^survivor_sw_process_resident_memory_bytes \d+/m,
    ]) {
      assert.match(text, expected);
    }
    let promtool = false;
    try {
      execFileSync('promtool', ['--version'], { stdio: 'ignore' });
      promtool = true;
    } catch {
      // promtool (Debian's prometheus package) is optional: the parser above stands in
    }
    if (promtool) execFileSync('promtool', ['check', 'metrics'], { input: text });
  });
});
