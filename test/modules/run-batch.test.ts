import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir } from '../helpers/temp-dir.js';
import { moduleEnv, runModule, type ResultLine } from './module-process.js';
import { libraryUrl } from './survivor-library.js';

/** A batch module whose behaviour for each host is chosen by the host's name. */
const FIXTURE = `#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { runBatch, RC, CheckError } from '${libraryUrl}';
let active = 0;
let most = 0;
await runBatch(async (host, options, ctx) => {
  switch (host) {
    case 'ok': return { rc: RC.OK, scalar: 1.6, comment: 'fine' };
    case 'options': return { rc: RC.OK, comment: JSON.stringify(options) };
    case 'throw': throw new Error('boom');
    case 'typeerror': return null.field;
    case 'checkerror': throw new CheckError(RC.WARNING, 'careful', 7);
    case 'badrc': return { rc: 12, comment: 'twelve' };
    case 'nothing': return undefined;
    case 'multiline': return { rc: RC.NOTICE, comment: 'line one\\n\\tline two' };
    case 'hang': return new Promise(() => {});
    case 'gate':
      while (!existsSync(process.env.GATE)) await delay(10, undefined, { signal: ctx.signal });
      return { rc: RC.OK, comment: 'opened' };
    default:
      active++;
      most = Math.max(most, active);
      await delay(30);
      active--;
      return { rc: RC.OK, scalar: most, comment: 'counted' };
  }
}, {
  concurrency: 3,
  validate: process.env.BROKEN ? async () => { throw new Error('libfoo is missing'); } : undefined,
  prepare: { fail: async () => { throw new Error('warn must be below prob'); }, hang: () => new Promise(() => {}) }[process.env.PREPARE],
});
`;

const MANIFEST = `description = fixture
[option level]
type = optional number between(0,10) default(5)
description = a number
`;

const dir = await makeTempDir();
const fixture = join(dir, 'fixture');
await writeFile(fixture, FIXTURE);
await writeFile(`${fixture}.ini`, MANIFEST);
await chmod(fixture, 0o755);

const batch = (hosts: string[], extra: Record<string, unknown> = {}) => ({ version: 1, service: 'fixture', hosts, timeout: 10, options: {}, ...extra });
const byHost = (lines: ResultLine[]) => new Map(lines.map((line) => [line.host, line]));

describe('runBatch', () => {
  it('answers each host once with its result, measured and rounded', async () => {
    const run = await runModule(fixture, batch(['ok', 'checkerror', 'ok']));
    assert.equal(run.code, 0);
    assert.equal(run.lines.length, 2);
    const lines = byHost(run.lines);
    assert.deepEqual({ ...lines.get('ok'), duration: 0 }, { host: 'ok', rc: 0, scalar: 2, comment: 'fine', duration: 0 });
    assert.ok(typeof lines.get('ok')!.duration === 'number');
    assert.deepEqual([lines.get('checkerror')!.rc, lines.get('checkerror')!.scalar, lines.get('checkerror')!.comment], [2, 7, 'careful']);
  });

  it('turns exceptions into results: failures are PROBLEM, module defects MISCONFIG', async () => {
    const lines = byHost((await runModule(fixture, batch(['throw', 'typeerror', 'badrc', 'nothing']))).lines);
    assert.deepEqual([lines.get('throw')!.rc, lines.get('throw')!.comment], [1, 'boom']);
    assert.equal(lines.get('typeerror')!.rc, 4);
    assert.match(lines.get('typeerror')!.comment, /^module failed: /);
    assert.deepEqual([lines.get('badrc')!.rc, lines.get('badrc')!.comment], [4, 'module returned an invalid return code 12']);
    assert.deepEqual([lines.get('nothing')!.rc, lines.get('nothing')!.comment], [4, 'module returned no result']);
  });

  it('flattens multi-line comments', async () => {
    const [line] = (await runModule(fixture, batch(['multiline']))).lines;
    assert.equal(line!.comment, 'line one line two');
  });

  it('types the options by the manifest and applies its defaults', async () => {
    const [line] = (await runModule(fixture, batch(['options'], { options: {} }))).lines;
    assert.equal(line!.comment, '{"level":5}');
    const [typed] = (await runModule(fixture, batch(['options'], { options: { level: '7' } }))).lines;
    assert.equal(typed!.comment, '{"level":7}');
  });

  it('answers MISCONFIG for every host when an option is bad, without checking any', async () => {
    const run = await runModule(fixture, batch(['ok', 'throw'], { options: { level: 11 } }));
    assert.equal(run.code, 0);
    assert.deepEqual(run.lines.map((l) => [l.host, l.rc, l.comment]), [
      ['ok', 4, 'option level: expected a number between 0 and 10, got 11 (number)'],
      ['throw', 4, 'option level: expected a number between 0 and 10, got 11 (number)'],
    ]);
  });

  it('answers MISCONFIG for every host when preparing the options fails', async () => {
    const run = await runModule(fixture, batch(['ok', 'c1']), { env: { PREPARE: 'fail' } });
    assert.deepEqual(run.lines.map((l) => [l.host, l.rc, l.comment]), [['ok', 4, 'warn must be below prob'], ['c1', 4, 'warn must be below prob']]);
  });

  it('answers TIMEDOUT when preparing the options outlasts the deadline', async () => {
    const run = await runModule(fixture, batch(['ok'], { timeout: 0.5 }), { env: { PREPARE: 'hang' } });
    assert.deepEqual([run.code, run.lines.map((l) => l.rc)], [0, [5]]);
  });

  it('answers MISCONFIG for an input version it does not speak', async () => {
    const run = await runModule(fixture, batch(['ok'], { version: 2 }));
    assert.deepEqual(run.lines.map((l) => [l.rc, l.comment]), [[4, 'unsupported input version 2 (this module speaks version 1)']]);
  });

  it('exits MISCONFIG with a reason on stderr when stdin has no host list', async () => {
    for (const input of ['not json', '{"version":1}', '[1]']) {
      const run = await runModule(fixture, input);
      assert.equal(run.code, 4);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^fixture: stdin /);
    }
  });

  it('checks at most `concurrency` hosts at once', async () => {
    const hosts = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const run = await runModule(fixture, batch(hosts));
    assert.equal(run.lines.length, 10);
    assert.equal(Math.max(...run.lines.map((line) => line.scalar)), 3);
  });

  it('reports TIMEDOUT for hosts still pending at the deadline and exits by itself', async () => {
    const run = await runModule(fixture, batch(['ok', 'hang', 'c1', 'c2', 'c3', 'c4'], { timeout: 1 }));
    const lines = byHost(run.lines);
    assert.equal(run.code, 0);
    assert.equal(lines.get('ok')!.rc, 0);
    assert.equal(lines.get('hang')!.rc, 5);
    assert.match(lines.get('hang')!.comment, /Timed out \(no answer within the 1 s timeout\)/);
    assert.equal(run.lines.length, 6);
  });

  it('reports TIMEDOUT for every host at once when the timeout is 0', async () => {
    const run = await runModule(fixture, batch(['ok', 'c1'], { timeout: 0 }));
    assert.deepEqual(run.lines.map((l) => l.rc), [5, 5]);
  });

  it('prints each line as soon as it is known', async () => {
    const gate = join(dir, 'gate');
    const child = spawn(fixture, [], { env: moduleEnv({ GATE: gate }) });
    child.stdin.end(JSON.stringify(batch(['gate', 'ok'])));
    const seen: string[] = [];
    let buffer = '';
    for await (const chunk of child.stdout) {
      buffer += (chunk as Buffer).toString();
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        seen.push((JSON.parse(buffer.slice(0, end)) as ResultLine).host);
        buffer = buffer.slice(end + 1);
        // The gate host only finishes after the ok host's line has been read.
        if (seen.length === 1) await writeFile(gate, '');
      }
    }
    assert.deepEqual(seen, ['ok', 'gate']);
  });

  it('validates with -v: one result line, exit 0 with "<Name> OK"', async () => {
    const run = await runModule(fixture, '', { args: ['-v'] });
    assert.equal(run.code, 0);
    assert.deepEqual(run.lines, [{ host: 'localhost', rc: 0, scalar: 0, comment: 'Fixture OK' }]);
  });

  it('fails -v with exit 1 and the reason when a prerequisite is missing', async () => {
    const run = await runModule(fixture, '', { args: ['-v'], env: { BROKEN: '1' } });
    assert.equal(run.code, 1);
    assert.deepEqual(run.lines, [{ host: 'localhost', rc: 1, scalar: 0, comment: 'libfoo is missing' }]);
  });
});
