import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ConfigError, type ConfigProblem } from '../../src/config/config-error.js';
import { readIni } from '../../src/config/ini-reader.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parseOptionType } from '../../src/config/option-type.js';
import { parseScheduleRule } from '../../src/config/schedule-rule.js';
import { isValidName } from '../../src/domain/names.js';
import { assertAlertingInvariants } from './alerting-fixture.js';
import { BASE_CHECK, BASE_HOST, BASE_SCHEDULE, writeConfig } from './config-fixture.js';

/** Lines that look like configuration, so generated files get past the reader into the parsers. */
const plausibleLine = fc.oneof(
  fc.constantFrom(
    '[check ping]', '[check c]', '[class web]', '[class db]', '[group ping]', '[group c]', '[alias a]', '[alias b]',
    '[defaults]', '[fix f]', '[transport t]', '[schedule often]', '[schedule s]', '[instance x]', '[check',
    'module = ping', 'module = disk', 'hosts = web1 web2', 'hosts = db1', 'group = a', 'group = ping', 'rule = every 5 minutes',
    'rule = never', 'required = ping', 'optional = c', 'schedule = often', 'check schedule = s', 'all hosts = yes', 'via = t',
    'fix = f', 'protocol = nagios', 'command = /bin/true $HOST', 'timeout = 0 seconds', 'option.x = 1', '', '; comment',
    // Alerting: schedule.cf, calllist.cf, dependency.cf.
    '[alertplan p]', '[alias p2]', '[returngroup bad]', '[alerting]', '[alert mail]', '[person ann]', '[calllist l]', '[depend d]',
    '[dependencies]', 'on = default', 'on = returngroup bad', 'on = return values 1 5', 'after = 2 check failures', 'using = often',
    'try', 'try = 2 times', 'alert = l', 'attempt fix = if defined', 'tell = l', 'flag escalated', 'allow failed hosts = 1 during often',
    'notify on clear = yes', 'clear state = not on return values 2', 'clear state honors returngroups = all', 'throttle = 3',
    'alert shift = 1 minute', 'return values = 1 5', 'alert plan = p', 'adding = l', 'replacing = l with l2', 'calllist = l',
    'format = full', 'transmit = mail', 'notify = a@b via mail', 'otherwise = a@b', 'members = ann', 'via = mail',
    'rotates using = often', 'broadcasts to all = yes', 'checks = all', 'except = ping', 'fixes = f', 'hosts = all',
    'groups = ping', 'except hosts = web1', 'on = ping status', 'on = ping@web1', 'maximum = 3',
  ),
  fc.tuple(
    fc.constantFrom('module', 'hosts', 'rule', 'required', 'schedule', 'timeout', 'option.a', 'lock', 'via', 'group', 'on', 'try', 'alert', 'after', 'notify', 'checks', 'members', 'replacing', 'clear state'),
    fc.string(),
  ).map(
    ([k, v]) => `${k} = ${v}`,
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const plausibleFile = fc.array(plausibleLine, { maxLength: 25 }).map((lines) => lines.join('\n'));
const anyText = fc.oneof(plausibleFile, fc.string({ unit: 'binary', maxLength: 200 }));

/** Problems that concern a whole file rather than a line of it. */
function wholeFile(p: ConfigProblem): boolean {
  return /cannot read|instance/.test(p.message);
}

describe('configuration loader under arbitrary input', () => {
  it('reads any text without throwing, reporting problems at real lines', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const problems: ConfigProblem[] = [];
        readIni(text, 'x.cf', problems);
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const p of problems) assert.ok(p.line >= 1 && p.line <= lines, JSON.stringify(p));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws from rule or option type parsers', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        parseScheduleRule(a, { file: 'f', line: 1 });
        parseScheduleRule(`from ${b}`, { file: 'f', line: 1 });
        parseOptionType(a);
        parseOptionType(`optional ${b}`);
      }),
      { numRuns: 500 },
    );
  });

  it('either loads or fails with a ConfigError whose line-level problems have lines', async () => {
    const prefix = await writeConfig();
    const dir = join(prefix, 'etc/t');
    await fc.assert(
      fc.asyncProperty(fc.record({ host: anyText, check: anyText, schedule: anyText, calllist: anyText, dependency: anyText }, { requiredKeys: [] }), async (files) => {
        await writeFile(join(dir, 'host.cf'), files.host ?? BASE_HOST);
        await writeFile(join(dir, 'check.cf'), files.check ?? BASE_CHECK);
        await writeFile(join(dir, 'schedule.cf'), files.schedule ?? BASE_SCHEDULE);
        // The alerting files are optional: absent unless generated.
        for (const name of ['calllist', 'dependency'] as const) {
          const text = files[name];
          if (text === undefined) await rm(join(dir, `${name}.cf`), { force: true });
          else await writeFile(join(dir, `${name}.cf`), text);
        }
        try {
          const config = await loadConfig({ prefix });
          for (const host of config.hostClass.keys()) assert.ok(isValidName(host), host);
          for (const name of [...config.checks.keys(), ...config.groups.keys(), ...config.schedules.keys()]) assert.ok(isValidName(name), name);
          assertAlertingInvariants(config);
        } catch (err) {
          assert.ok(err instanceof ConfigError, `not a ConfigError: ${String(err)}`);
          assert.ok(err.problems.length > 0);
          for (const p of err.problems) {
            assert.ok(p.line > 0 || wholeFile(p), JSON.stringify(p));
            assert.ok(p.message.length > 0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every host name that is not a valid name, and keeps every valid one', async () => {
    const prefix = await writeConfig();
    const dir = join(prefix, 'etc/t');
    const hostName = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), fc.stringMatching(/^[a-z0-9.+%@_-]{1,12}$/));
    await fc.assert(
      fc.asyncProperty(hostName, async (host) => {
        // Separators, comment characters and quotes are the INI layer's; a name is what is left between them.
        fc.pre(!/[\s,;#"'\\[\]=]/.test(host));
        await writeFile(join(dir, 'host.cf'), `[class web]\nhosts = ${host}\ncheck schedule = often\n[group ping]\nhosts = ${host}\n`);
        try {
          const config = await loadConfig({ prefix });
          assert.ok(isValidName(host), `loaded the bad name ${JSON.stringify(host)}`);
          assert.deepEqual(config.pairs.map((p) => p.host), [host]);
        } catch (err) {
          assert.ok(err instanceof ConfigError, String(err));
          assert.ok(!isValidName(host), `refused the good name ${JSON.stringify(host)}: ${err.message}`);
          assert.ok(err.problems.every((p) => p.line === 2 || p.line === 5), err.message);
        }
      }),
      { numRuns: 200 },
    );
  });
});
