import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { shippedModulesDir } from '../helpers/project.js';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

const REPORTS = ['availability', 'flap', 'responsetime', 'scalaraverage', 'summary'];

/** Runs mod/report/<name> as a real process with the module environment. */
function runReport(name: string, stdin: string | object, args: string[] = []): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(shippedModulesDir, 'report', name), args, {
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: tmpdir(), TMPDIR: tmpdir() },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(typeof stdin === 'string' ? stdin : JSON.stringify(stdin));
  });
}

const rec = (time: number, rc: number, scalar: number, duration: number): object => ({ time, rc, scalar, comment: `rc ${rc}`, duration });

/**
 * ping@a: OK for 6 s, PROBLEM for 2 s, OK for the last 2 s until `now` (10 s):
 * 80 % available, 2 flaps in 3 records. ping@b has no records in the window.
 */
function request(style: string, type = 'check', reverse = false): object {
  const a = [rec(0, 0, 5, 10), rec(6000, 1, 7, 30), rec(8000, 0, 9, -1)];
  return {
    version: 1,
    instance: 't',
    type,
    style,
    from: null,
    until: null,
    now: 10_000,
    tmpdir: tmpdir(),
    records: [
      { service: 'ping', host: 'a', records: reverse ? [...a].reverse() : a },
      { service: 'ping', host: 'b', records: [] },
    ],
  };
}

async function checkLines(name: string, reverse = false): Promise<string[]> {
  const r = await runReport(name, request('check', 'check', reverse));
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trimEnd().split('\n');
}

describe('report modules', () => {
  for (const name of REPORTS) {
    it(`${name} is executable, has a manifest and validates itself with -v`, async () => {
      const path = join(shippedModulesDir, 'report', name);
      assert.ok((statSync(path).mode & 0o111) !== 0);
      assert.match(readFileSync(`${path}.ini`, 'utf8'), /^description = .{10,}/m);
      const r = await runReport(name, '', ['-v']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /OK\n$/);
    });

    it(`${name} prints an aligned text table with a title, a header and one row per pair`, async () => {
      const r = await runReport(name, request('text'));
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(lines[0] ?? '', /report: check history of 2 pairs, all history/);
      assert.match(lines[2] ?? '', /^pair +records|^pair +available %|^pair +flaps/);
      assert.match(lines[3] ?? '', /^-+( +-+)+$/);
      assert.equal(lines.length, 6);
      assert.match(lines[4] ?? '', /^ping@a /);
      assert.match(lines[5] ?? '', /^ping@b /);
      // Aligned: every column separator of the dashes line falls on a gap in every row.
      const gaps = [...(lines[3] ?? '').matchAll(/ {2}/g)].map((m) => m.index);
      for (const line of lines.slice(4)) for (const g of gaps) assert.equal(line[g ?? 0], ' ', `column edge at ${g} in "${line}"`);
    });

    it(`${name} prints a self-contained HTML table that escapes names`, async () => {
      const req = request('html') as { records: { service: string }[] };
      req.records[0]!.service = 'p<i>ng';
      const r = await runReport(name, req);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^<!DOCTYPE html>/);
      assert.match(r.stdout, /<td>p&lt;i&gt;ng@a<\/td>/);
      assert.doesNotMatch(r.stdout, /<i>/);
      assert.match(r.stdout, /<\/table><\/body><\/html>\n$/);
    });

    it(`${name} refuses a request that is not version 1 JSON with MISCONFIG`, async () => {
      for (const bad of ['not json', JSON.stringify({ version: 2, type: 'check', records: [] })]) {
        const r = await runReport(name, bad);
        assert.equal(r.code, 4);
        assert.match(r.stderr, /not JSON|version 1/);
      }
    });
  }

  it('availability weighs each record by the time until the next one (check style: percent ok total)', async () => {
    assert.deepEqual(await checkLines('availability'), ['ping a 80 2 3', 'ping b - 0 0']);
    assert.deepEqual(await checkLines('availability', true), ['ping a 80 2 3', 'ping b - 0 0'], 'newest-first input gives the same answer');
  });

  it('availability ends the last record at -u when it lies before now', async () => {
    const req = { ...request('check'), until: 9000 };
    const r = await runReport('availability', req);
    assert.equal(r.stdout.split('\n')[0], 'ping a 77.78 2 3', '7 s OK of 9 s');
  });

  it('flap counts rc changes and scores them (1.0 columns: flaps total rc0..rc7, then score)', async () => {
    assert.deepEqual(await checkLines('flap', true), ['ping a 2 3 2 1 0 0 0 0 0 0 100', 'ping b 0 0 0 0 0 0 0 0 0 0 0']);
  });

  it('responsetime ignores unknown durations (check style: avg min max p95 count)', async () => {
    assert.deepEqual(await checkLines('responsetime'), ['ping a 20 10 30 30 2', 'ping b - - - - 0']);
  });

  it('scalaraverage reports the scalar (check style: avg min max count)', async () => {
    assert.deepEqual(await checkLines('scalaraverage'), ['ping a 7 5 9 3', 'ping b - - - 0']);
  });

  it('summary counts records per rc with the first and last time (check style: total ok notok first last)', async () => {
    assert.deepEqual(await checkLines('summary', true), ['ping a 3 2 1 0 8000', 'ping b 0 0 0 0 0']);
  });

  it('summary counts command history per command', async () => {
    const req = {
      ...(request('text', 'command')),
      records: [{ service: 'ping', host: 'a', records: [{ time: 1, command: 'trip', who: 'x', comment: '' }, { time: 2, command: 'trip', who: 'x', comment: '' }, { time: 3, command: 'acknowledge', who: 'y', comment: '' }] }],
    };
    const r = await runReport('summary', req);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pair +records +acknowledge +trip/);
    assert.match(r.stdout, /ping@a +3 +1 +2 /);
  });

  it('modules that read only check history refuse other types with MISCONFIG', async () => {
    for (const name of ['availability', 'flap', 'scalaraverage']) {
      const r = await runReport(name, request('text', 'command'));
      assert.equal(r.code, 4, name);
      assert.match(r.stderr, /cannot report on command history/);
    }
  });
});
