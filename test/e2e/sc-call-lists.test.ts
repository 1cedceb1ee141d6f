import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeInstance, readJson, type TestInstance } from '../helpers/instance.js';
import { scOk as ok, scRefused as refused } from '../helpers/run-sc.js';

const HOSTS = '[class lab]\nhosts = h1\ncheck schedule = slow\n\n[group answer]\nhosts = h1\n';
const CHECKS = '[check answer]\nmodule = answer\n';
// The rotation fires only on 29 February: no hand-over happens while the test runs.
const SCHEDULES = '[schedule slow]\nrule = every 1 hour\n\n[schedule leapday]\nrule = cron 0 0 29 2 *\n';
const CALLLISTS = [
  '[alert mail]', 'format = full', 'transmit = mail', '',
  '[person alice]', 'otherwise = alice@example.org', '',
  '[person bob]', 'otherwise = bob@example.org', '',
  '[person carol]', 'notify = carol@example.org via mail', '',
  '[calllist oncall]', 'members = alice bob carol', 'via = mail', 'rotates using = leapday', '',
  '[calllist managers]', 'members = bob carol', 'via = mail', '',
  '[calllist team]', 'members = alice bob', 'via = mail', 'broadcasts to all = yes', '',
  '[alias oncall-too]', 'calllist = oncall', 'via = mail', '',
].join('\n');

async function listState(inst: TestInstance, list: string, file: string): Promise<Record<string, unknown> | undefined> {
  return (await readJson(join(inst.stateDir, 'calllist', list, file)).catch(() => undefined)) as Record<string, unknown> | undefined;
}

const local = (y: number, m: number, d: number): number => new Date(y, m - 1, d).getTime();
/** 1.0's -f/-u format, MMDDYYYY (local midnight). */
const day = (y: number, m: number, d: number): string => `${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${y}`;

describe('sc call-list commands', () => {
  it('shows, sets, substitutes, plans and prunes the on-call state, writing the documented files', async () => {
    const inst = await makeInstance();
    await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES, calllist: CALLLISTS });

    const fresh = JSON.parse((await ok(inst, ['clstat', '--json', 'oncall'])).stdout) as Record<string, unknown>;
    assert.deepEqual([fresh.mode, fresh.onCallNow, fresh.status], ['rotating', 'alice', { version: 1 }]);

    const set = await ok(inst, ['-o', 'person=bob', 'clse', 'oncall-too']);
    assert.match(set.stdout, /bob is on call from now/);
    const status = (await listState(inst, 'oncall', 'status')) as { onCall: string; lastNotified: unknown; lastRotate: number };
    assert.deepEqual([status.onCall, status.lastNotified], ['bob', { person: 'bob', address: 'bob@example.org', alert: 'mail' }], 'an alias writes its original list');
    assert.equal(typeof status.lastRotate, 'number');
    assert.match((await ok(inst, ['clst', 'oncall'])).stdout, /-> On call now: bob\n -> Last rotation: /);

    // managers is simple: after clset carol, bob is next in turn; carol stands in for him for a week.
    await ok(inst, ['-o', 'person=carol', 'clset', 'managers']);
    await ok(inst, ['-f', day(2030, 1, 1), '-u', day(2030, 1, 8), '-o', 'replace=bob,with=carol', 'clsub', 'managers']);
    const subs = (await listState(inst, 'managers', 'substitutions')) as { entries: unknown[] };
    assert.deepEqual(subs, { version: 1, entries: [{ from: local(2030, 1, 1), until: local(2030, 1, 8) - 1, replace: 'bob', with: 'carol' }] });

    const cal = JSON.parse((await ok(inst, ['--json', '-f', day(2029, 12, 31), '-u', day(2030, 1, 10), 'clcal', 'managers'])).stdout) as { from: number; until: number; person: string; replacing?: string }[];
    assert.deepEqual(cal, [
      { from: local(2029, 12, 31), until: local(2030, 1, 1), person: 'bob' },
      { from: local(2030, 1, 1), until: local(2030, 1, 8), person: 'carol', replacing: 'bob' },
      { from: local(2030, 1, 8), until: local(2030, 1, 10), person: 'bob' },
    ]);
    const carol = await ok(inst, ['-f', day(2029, 12, 31), '-u', day(2030, 1, 10), '-o', 'person=carol', 'clc', 'managers']);
    assert.equal(carol.stdout.trim().split('\n').length, 2, 'header and the one period of carol');
    assert.match(carol.stdout, /carol \(for bob\)/);

    await ok(inst, ['-f', day(2020, 1, 1), '-u', day(2020, 1, 2), '-o', 'replace=carol,with=bob', 'clsub', 'managers']);
    assert.match((await ok(inst, ['clp', 'managers'])).stdout, /1 ended substitution removed/);
    assert.equal(((await listState(inst, 'managers', 'substitutions')) as { entries: unknown[] }).entries.length, 1);
    assert.match((await ok(inst, ['-f', day(2029, 1, 1), '-u', day(2031, 1, 1), 'clunsub', 'managers'])).stdout, /1 substitution removed/);
    assert.deepEqual(await listState(inst, 'managers', 'substitutions'), { version: 1, entries: [] });
  });

  it('refuses bad call-list input with one line and no change', async () => {
    const inst = await makeInstance();
    await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES, calllist: CALLLISTS });
    await refused(inst, ['clstat', 'nosuch'], 1, /nosuch: not a call list defined in calllist\.cf/);
    await refused(inst, ['clstat'], 2, /name exactly one call list/);
    await refused(inst, ['clcal', 'team'], 1, /team is a broadcast list/);
    await refused(inst, ['-o', 'person=zed', 'clset', 'oncall'], 2, /-o person=zed: not a member of call list oncall/);
    await refused(inst, ['clset', 'oncall'], 2, /give -o person=<member>/);
    await refused(inst, ['-f', day(2030, 1, 1), '-o', 'replace=bob,with=carol', 'clsub', 'managers'], 2, /both -f and -u/);
    await refused(inst, ['-f', day(2030, 1, 8), '-u', day(2030, 1, 1), '-o', 'replace=bob,with=carol', 'clsub', 'managers'], 2, /-u .* must be after -f/);
    await refused(inst, ['-f', day(2030, 1, 1), '-u', day(2030, 1, 8), '-o', 'replace=alice,with=carol', 'clsub', 'managers'], 2, /replace=alice: not a member of call list managers/);
    await refused(inst, ['-f', day(2030, 1, 1), '-u', day(2030, 1, 8), '-o', 'replace=bob,with=bob', 'clsub', 'managers'], 2, /cannot stand in for themself/);
    await refused(inst, ['clunsub', 'managers'], 2, /both -f and -u/);
    await refused(inst, ['-o', 'all', 'clprune', 'managers'], 2, /unknown option -o all/);
    assert.equal(await readFile(join(inst.stateDir, 'calllist'), 'utf8').catch((e: NodeJS.ErrnoException) => e.code), 'ENOENT', 'no call-list state was written');
  });
});
