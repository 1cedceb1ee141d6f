import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scOk, scRefused } from '../helpers/run-sc.js';
import { historyInstance, iso, MIN, T0 } from './history-instance.js';

describe('sc report', () => {
  it('runs a report module over services × hosts in text, html and check style', async () => {
    const inst = await historyInstance();
    const window = ['-f', iso(T0), '-u', iso(T0 + 20 * MIN)];
    const text = await scOk(inst, [...window, '-o', 'module=availability,type=check', 'rep', 'answer', 'h1', 'h2']);
    assert.match(text.stdout, /^Availability report: check history of 2 pairs, 2026-01-01 00:00:00Z to 2026-01-01 00:20:00Z\n/);
    assert.match(text.stdout, /answer@h1 +75 +2 +3 +75 +25\n/);
    assert.match(text.stdout, /answer@h2 +100 +2 +2 +100 +0\n/);

    const html = await scOk(inst, [...window, '-o', 'module=flap,type=check,style=html', 'report', 'answer', 'h1']);
    assert.match(html.stdout, /^<!DOCTYPE html>/);
    assert.match(html.stdout, /<td>answer@h1<\/td><td class="n">2<\/td>/);
    assert.doesNotMatch(html.stdout, /answer@h2/, 'only the hosts named');

    const check = await scOk(inst, [...window, '-o', 'module=responsetime,style=check', 'report', 'answer', 'h1', 'h2']);
    assert.deepEqual(check.stdout.trimEnd().split('\n'), ['answer h1 200 100 300 300 3', 'answer h2 100 100 100 100 2']);
  });

  it('reads only the records inside -f/-u, newest first with -o reverse', async () => {
    const inst = await historyInstance();
    const r = await scOk(inst, ['-f', iso(T0 + MIN), '-o', 'module=summary,type=check,style=check,reverse', 'report', 'answer', 'h1']);
    assert.equal(r.stdout, `answer h1 2 1 1 ${T0 + 10 * MIN} ${T0 + 15 * MIN}\n`);
  });

  it('reports on command history too (sc trip writes it)', async () => {
    const inst = await historyInstance();
    await scOk(inst, ['-c', 'test', 'trip', 'answer@h2']);
    const r = await scOk(inst, ['-o', 'module=summary,type=command', 'report', 'answer', 'h2']);
    assert.match(r.stdout, /answer@h2 +1 +1 /);
  });

  it('refuses bad input with one line and changes nothing', async () => {
    const inst = await historyInstance();
    await scRefused(inst, ['-o', 'type=check', 'report', 'answer', 'h1'], 2, /-o module=<name> is required/);
    await scRefused(inst, ['-o', 'module=nosuch', 'report', 'answer', 'h1'], 2, /no executable report module .*report\/nosuch/);
    await scRefused(inst, ['-o', 'module=../check/answer', 'report', 'answer', 'h1'], 2, /takes a module name/);
    await scRefused(inst, ['-o', 'module=summary,type=bogus', 'report', 'answer', 'h1'], 2, /-o type= takes check, alert, command, fix/);
    await scRefused(inst, ['-o', 'module=summary', 'report', 'answer'], 2, /at least one service and one host/);
    await scRefused(inst, ['--json', '-o', 'module=summary', 'report', 'answer', 'h1'], 2, /--json does not apply/);
    await scRefused(inst, ['-o', 'module=summary', 'report', 'answer', 'h7'], 1, /h7: neither a configured check/);
    await scRefused(inst, ['-o', 'module=availability,type=fix', 'report', 'answer', 'h1'], 1, /module availability failed \(exit 4\): Availability: cannot report on fix history/);
  });
});

