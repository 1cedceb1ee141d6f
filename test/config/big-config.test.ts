import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load-config.js';
import { STUB, writeConfig } from './config-fixture.js';

const HOSTS = 5000;
const CLASSES = 10;
const CHECKS = 20;

/** `hosts = …` lines of 100 names each. */
function hostLines(hosts: readonly string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < hosts.length; i += 100) lines.push(`hosts = ${hosts.slice(i, i + 100).join(' ')}`);
  return lines.join('\n');
}

const ALERTING = `
[returngroup bad]
return values = 1 5
[alertplan p0]
on = returngroup bad
after = 2 check failures
using = s0
try = 1 time
alert = oncall
try
alert = oncall team
[alertplan p1]
on = default
using = s1
try
alert = team
[alias p2]
alert plan = p0
replacing = team with oncall-mail
`;

const CALLLIST = `[alert mail]
format = full
transmit = mail
[person ann]
otherwise = ann@example.org
[person bob]
otherwise = bob@example.org
[calllist oncall]
members = ann bob
via = mail
[calllist team]
members = ann bob
via = mail
broadcasts to all = yes
[alias oncall-mail]
calllist = oncall
via = mail
`;

describe('a large configuration', () => {
  it('loads 5,000 hosts and 20 checks into 100,000 pairs, with alert plans and dependencies', async () => {
    const hosts = Array.from({ length: HOSTS }, (_, i) => `host${String(i).padStart(4, '0')}.example.org`);
    const perClass = HOSTS / CLASSES;
    const host: string[] = [];
    for (let c = 0; c < CLASSES; c++) {
      host.push(`[class c${c}]`, hostLines(hosts.slice(c * perClass, (c + 1) * perClass)), `check schedule = s${c % 3}`, `alert plan = p${c % 2}`, '');
    }
    const check: string[] = [];
    for (let k = 0; k < CHECKS; k++) {
      // Half the checks run on a group of every host, half with `all hosts`.
      if (k % 2 === 0) host.push(`[group check${k}]`, hostLines(hosts), '');
      check.push(`[check check${k}]`, `module = m${k % 4}`, 'option.warn = 90', 'option.path = /', 'option.path = /tmp', k % 2 === 1 ? 'all hosts = yes' : '', '');
    }
    const schedule = [0, 1, 2].map((s) => `[schedule s${s}]\nrule = from 08:00 until 17:59 every ${s + 1} minutes\nrule = every 10 minutes\n`).join('\n') + ALERTING;
    const manifest = '[option warn]\ntype = optional number between(0,100)\n[option path]\ntype = string list\n';
    const modules = Object.fromEntries([0, 1, 2, 3].flatMap((m) => [[`check/m${m}`, STUB], [`check/m${m}.ini`, manifest]]));
    const dependency = '[depend all-on-check0]\nchecks = all\nhosts = all\non = check0 status\n[depend named]\nchecks = check2\nhosts = all\non = check1@host4999.example.org status\n';
    const prefix = await writeConfig({ host: host.join('\n'), check: check.join('\n'), schedule, calllist: CALLLIST, dependency, modules });

    const started = performance.now();
    const config = await loadConfig({ prefix });
    const elapsed = performance.now() - started;
    console.log(`loaded ${HOSTS} hosts, ${CHECKS} checks, ${config.pairs.length} pairs in ${elapsed.toFixed(0)} ms`);

    assert.equal(config.pairs.length, HOSTS * CHECKS);
    assert.equal(config.hostClass.size, HOSTS);
    assert.deepEqual(config.pairs[0], { service: 'check0', host: 'host0000.example.org', schedule: 's0', hostClass: 'c0' });
    assert.deepEqual(config.pairs.at(-1), { service: 'check19', host: 'host4999.example.org', schedule: 's0', hostClass: 'c9' });
    assert.equal(config.alerting.alertPlans.size, 3);
    assert.equal(config.alerting.dependencies.length, 2);
    const first = config.checks.get('check0');
    assert.ok(first?.kind === 'simple');
    assert.deepEqual(first.options, { warn: 90, path: ['/', '/tmp'] });
  });
});
