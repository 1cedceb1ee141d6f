import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fit, monitorStatus, renderMonitor, shortTime } from '../../src/cli/monitor-table.js';
import type { PairView } from '../../src/cli/pair-view.js';

process.env.TZ = 'UTC';
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

function view(over: Partial<PairView>): PairView {
  return { service: 'web', host: 'h1', rc: 0, status: 'OK', instances: 3, comment: 'fine', scalar: 0, time: NOW - 60_000, since: NOW - 3_600_000, duration: 5, next: NOW + 60_000, schedule: 's', ...over };
}

describe('sc monitor table', () => {
  const statuses: [Partial<PairView>, string][] = [
    [{}, 'OK'],
    [{ rc: 1 }, 'PROBLEM'],
    [{ rc: 7, instances: 0, time: 0 }, 'Waiting'],
    [{ time: 0, instances: 2 }, 'Pending'],
    [{ state: 'disabled' }, 'Disabled'],
    [{ state: 'paused', rc: 1 }, 'Paused'],
  ];
  for (const [over, want] of statuses) it(`shows ${want} for ${JSON.stringify(over)}`, () => assert.equal(monitorStatus(view(over)), want));

  it('prints times of today as HH:MM:SS, others as MM-DD HH:MM, none as -', () => {
    assert.equal(shortTime(NOW - 60_000, NOW), '11:59:00');
    assert.equal(shortTime(NOW - 86_400_000, NOW), '11-20 12');
    assert.equal(shortTime(0, NOW), '-');
    assert.equal(shortTime(undefined, NOW), '-');
  });

  it('cuts text to the width with an ellipsis and blanks control characters', () => {
    assert.equal(fit('abcdef', 4), 'abc…');
    assert.equal(fit('a\x1b[31mb', 8), 'a [31mb ');
    assert.equal(fit('ab', 4), 'ab  ');
  });

  it('fits 80 columns and the terminal height, pages from `first`, and counts the statuses', () => {
    const views = Array.from({ length: 40 }, (_, i) => view({ host: `${i}-host-with-a-rather-long-name`, rc: i % 4 === 0 ? 1 : 0, comment: 'x'.repeat(200) }));
    const lines = renderMonitor(views, { title: 'Survivor t', columns: 80, rows: 24, first: 30, now: NOW, colour: false });
    assert.equal(lines.length, 24);
    for (const l of lines) assert.ok([...l].length <= 80, l);
    assert.match(lines[0] ?? '', /^Survivor t — 40 pairs: 10 PROBLEM, 30 OK/);
    assert.match(lines[2] ?? '', /^web@19-host-with-a-rather-long-… OK /, 'the last page starts where 21 rows still fit');
    assert.match(lines[23] ?? '', /^rows 20-40 of 40/);
  });

  it('says so when no pair matches', () => {
    const lines = renderMonitor([], { title: 'T', columns: 80, rows: 24, first: 0, now: NOW, colour: true });
    assert.match(lines.at(-1) ?? '', /^no pairs match/);
  });
});
