import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, type ConfigProblem } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { BASE_CHECK, BASE_HOST, BASE_INSTANCE, BASE_MODULES, BASE_SCHEDULE, type ConfigFiles, STUB, writeConfig } from './config-fixture.js';

type FileKey = 'instance' | 'host' | 'check' | 'schedule';

interface ErrorCase {
  readonly name: string;
  /** The file that is replaced and where the problem is expected. */
  readonly in: FileKey;
  readonly text: string;
  /** The problem's line: the first line containing this text (or a number; 0 = whole file). */
  readonly at: string | number;
  readonly section?: string;
  readonly key?: string;
  readonly message: string;
  readonly modules?: ConfigFiles['modules'];
  readonly instanceName?: string;
}

const FILE_NAMES: Record<FileKey, string> = { instance: 'instance.cf', host: 'host.cf', check: 'check.cf', schedule: 'schedule.cf' };

function lineOf(text: string, at: string | number): number {
  if (typeof at === 'number') return at;
  const index = text.split('\n').findIndex((l) => l.includes(at));
  assert.ok(index >= 0, `marker ${JSON.stringify(at)} not in the case's text`);
  return index + 1;
}

const I = BASE_INSTANCE;
const H = BASE_HOST;
const C = BASE_CHECK;
const S = BASE_SCHEDULE;

const cases: ErrorCase[] = [
  // instance.cf
  { name: 'a missing configdir', in: 'instance', text: '[instance t]\nstatedir = s\nhistorydir = h\n', at: '[instance t]', section: 'instance t', key: 'configdir', message: 'missing required key' },
  { name: 'an unknown instance key', in: 'instance', text: `${I}colour = red\n`, at: 'colour', section: 'instance t', key: 'colour', message: 'unknown key' },
  { name: 'a bad boolean', in: 'instance', text: `${I}allow root = maybe\n`, at: 'allow root', section: 'instance t', key: 'allow root', message: 'not a boolean' },
  { name: 'a bad interval unit', in: 'instance', text: `${I}poll interval = 5 fortnights\n`, at: 'poll interval', section: 'instance t', key: 'poll interval', message: 'unknown unit' },
  { name: 'a zero poll interval', in: 'instance', text: `${I}poll interval = 0 seconds\n`, at: 'poll interval', section: 'instance t', key: 'poll interval', message: 'must not be zero' },
  { name: 'zero check workers', in: 'instance', text: `${I}check workers = 0\n`, at: 'check workers', section: 'instance t', key: 'check workers', message: 'not a whole number in range' },
  { name: 'an unknown log level', in: 'instance', text: `${I}log level = loud\n`, at: 'log level', section: 'instance t', key: 'log level', message: 'unknown value' },
  { name: 'an unknown smtp tls mode', in: 'instance', text: `${I}smtp tls = ssl\n`, at: 'smtp tls', section: 'instance t', key: 'smtp tls', message: 'unknown value' },
  { name: 'a listen address without host', in: 'instance', text: `${I}web listen = 8080\n`, at: 'web listen', section: 'instance t', key: 'web listen', message: 'not a listen address' },
  { name: 'a certificate without key', in: 'instance', text: `${I}web certificate = c.pem\n`, at: '[instance t]', section: 'instance t', key: 'web certificate', message: 'go together' },
  { name: 'an smtp password without user', in: 'instance', text: `${I}smtp password = x\n`, at: 'smtp password', section: 'instance t', key: 'smtp password', message: 'without smtp user' },
  { name: 'a bad sender address', in: 'instance', text: `${I}smtp from = nobody\n`, at: 'smtp from', section: 'instance t', key: 'smtp from', message: 'not a mail address' },
  { name: 'a repeated single key', in: 'instance', text: `${I}statedir = other\n`, at: 'statedir = other', section: 'instance t', key: 'statedir', message: 'more than once (first at line 3)' },
  { name: 'a key line without value', in: 'instance', text: `${I}pidfile\n`, at: 'pidfile', section: 'instance t', key: 'pidfile', message: 'missing value' },
  { name: 'a key outside any section', in: 'instance', text: `configdir = x\n${I}`, at: 'configdir = x', key: 'configdir', message: 'outside any section' },
  { name: 'an unknown section type', in: 'instance', text: `${I}[instanse u]\n`, at: '[instanse u]', section: 'instanse u', message: 'unknown section type' },
  { name: 'an instance without name', in: 'instance', text: `${I}[instance]\n`, at: '[instance]', section: 'instance', message: 'needs a name' },
  { name: 'an unknown instance name', in: 'instance', text: I, at: 0, message: 'no instance nope', instanceName: 'nope' },
  { name: 'no instance at all', in: 'instance', text: '; empty\n', at: 0, message: 'no [instance NAME] section' },

  // schedule.cf
  { name: 'a bad interval in a rule', in: 'schedule', text: `${S}[schedule s]\nrule = every 5 fortnights\n`, at: 'fortnights', section: 'schedule s', key: 'rule', message: 'unknown unit' },
  { name: 'every 0', in: 'schedule', text: `${S}[schedule s]\nrule = every 0 minutes\n`, at: 'every 0', section: 'schedule s', key: 'rule', message: 'write "never"' },
  { name: 'from without until', in: 'schedule', text: `${S}[schedule s]\nrule = from 08:00 every 5 minutes\n`, at: 'from 08:00', section: 'schedule s', key: 'rule', message: 'without "until"' },
  { name: 'a day on one side of a window', in: 'schedule', text: `${S}[schedule s]\nrule = from monday 08:00 until 17:00 every 1 minute\n`, at: 'from monday', section: 'schedule s', key: 'rule', message: 'on both' },
  { name: 'an hour 25', in: 'schedule', text: `${S}[schedule s]\nrule = from 25:00 until 06:00 never\n`, at: '25:00', section: 'schedule s', key: 'rule', message: 'not a time' },
  { name: 'at without times', in: 'schedule', text: `${S}[schedule s]\nrule = at\n`, at: 'rule = at', section: 'schedule s', key: 'rule', message: 'at least one time' },
  { name: 'a bad cron expression', in: 'schedule', text: `${S}[schedule s]\nrule = cron 61 * * * *\n`, at: 'cron 61', section: 'schedule s', key: 'rule', message: 'bad cron expression: 61' },
  { name: 'an unknown rule', in: 'schedule', text: `${S}[schedule s]\nrule = sometimes\n`, at: 'sometimes', section: 'schedule s', key: 'rule', message: 'unknown rule' },
  { name: 'a schedule without rules', in: 'schedule', text: `${S}[schedule s]\n`, at: '[schedule s]', section: 'schedule s', key: 'rule', message: 'at least one rule' },
  { name: 'a duplicate schedule', in: 'schedule', text: `${S}\n[schedule often]\nrule = never\n`, at: 4, section: 'schedule often', message: 'duplicate section, first defined at line 1' },
  { name: 'an unknown key in a schedule', in: 'schedule', text: `${S}every = 5 minutes\n`, at: 'every =', section: 'schedule often', key: 'every', message: 'unknown key' },

  // host.cf
  { name: 'a host in two classes', in: 'host', text: `${H}[class db]\nhosts = db1 web2\n`, at: 'db1 web2', section: 'class db', key: 'hosts', message: 'host web2 is already in class web (line 2)' },
  { name: 'the reserved class all', in: 'host', text: `${H}[class all]\nhosts = x\n`, at: '[class all]', section: 'class all', message: 'reserved' },
  { name: 'the reserved group all', in: 'host', text: `${H}[group all]\nhosts = web1\n`, at: '[group all]', section: 'group all', message: 'reserved' },
  { name: 'a group with an unclassed host', in: 'host', text: `${H}[group g]\nhosts = web1\nhosts = stray\n`, at: 'hosts = stray', section: 'group g', key: 'hosts', message: 'host stray is in no class' },
  { name: 'a host twice in a group', in: 'host', text: `${H}[group g]\nhosts = web1 web1\n`, at: 'web1 web1', section: 'group g', key: 'hosts', message: 'listed twice' },
  { name: 'a host name with a slash', in: 'host', text: `${H}[class c]\nhosts = ok we/b\n`, at: 'we/b', section: 'class c', key: 'hosts', message: 'found "/"' },
  { name: 'the host name ..', in: 'host', text: `${H}[class c]\nhosts = ..\n`, at: 'hosts = ..', section: 'class c', key: 'hosts', message: 'reserved' },
  { name: 'an over-long host name', in: 'host', text: `${H}[class c]\nhosts = ${'h'.repeat(200)}\n`, at: 'hhhh', section: 'class c', key: 'hosts', message: 'at most 128 characters' },
  { name: 'a look-alike host name', in: 'host', text: `${H}[class c]\nhosts = w\u0435b9\n`, at: 'b9', section: 'class c', key: 'hosts', message: 'U+0435' },
  { name: 'an undefined class schedule', in: 'host', text: `${H}[class c]\nhosts = x\ncheck schedule = nope\n`, at: 'check schedule = nope', section: 'class c', key: 'check schedule', message: 'schedule nope is not defined' },
  { name: 'an alias of an undefined group', in: 'host', text: `${H}[alias a]\ngroup = nope\n`, at: 'group = nope', section: 'alias a', key: 'group', message: 'group nope is not defined' },
  { name: 'an alias cycle', in: 'host', text: `${H}[alias a]\ngroup = b\n[alias b]\ngroup = a\n`, at: 'group = b', section: 'alias a', key: 'group', message: 'alias cycle: a → b → a' },
  { name: 'an alias to itself', in: 'host', text: `${H}[alias a]\ngroup = a\n`, at: 'group = a', section: 'alias a', key: 'group', message: 'alias cycle: a → a' },
  { name: 'an alias named like a group', in: 'host', text: `${H}[alias ping]\ngroup = ping\n`, at: '[alias ping]', section: 'alias ping', message: 'has the name of the group defined at line 5' },
  { name: 'an alias without group', in: 'host', text: `${H}[alias a]\n`, at: '[alias a]', section: 'alias a', key: 'group', message: 'missing required key' },
  { name: 'a dotted group section name with a control character', in: 'host', text: `${H}[group a.b\u0001]\n`, at: '[group a.b', section: 'group a.b\u0001', message: 'U+0001' },

  // check.cf
  { name: 'an unknown check key', in: 'check', text: `${C}colour = red\n`, at: 'colour', section: 'check ping', key: 'colour', message: 'unknown key' },
  { name: 'a check without module', in: 'check', text: `${C}[check disk]\ntimeout = 5\n`, at: '[check disk]', section: 'check disk', key: 'module', message: 'needs a module' },
  { name: 'a missing module', in: 'check', text: `${C}[check x]\nmodule = nothere\n`, at: 'nothere', section: 'check x', key: 'module', message: 'does not exist' },
  { name: 'a module that is not executable', in: 'check', text: `${C}[check x]\nmodule = plain\n`, at: 'plain', section: 'check x', key: 'module', message: 'not executable', modules: { ...BASE_MODULES, 'check/plain': { text: STUB, mode: 0o644 } } },
  { name: 'a module name escaping the directory', in: 'check', text: `${C}[check x]\nmodule = ..\n`, at: 'module = ..', section: 'check x', key: 'module', message: 'reserved' },
  { name: 'an undefined check schedule', in: 'check', text: `${C}schedule = nope\n`, at: 'schedule', section: 'check ping', key: 'schedule', message: 'schedule nope is not defined' },
  { name: 'an undefined fix', in: 'check', text: `${C}fix = nope\n`, at: 'fix', section: 'check ping', key: 'fix', message: 'fix nope is not defined' },
  { name: 'an undefined transport', in: 'check', text: `${C}via = nope\n`, at: 'via', section: 'check ping', key: 'via', message: 'transport nope is not defined' },
  { name: 'an undefined default transport', in: 'check', text: `[defaults]\ncheck via = nope\n${C}`, at: 'check via', section: 'defaults', key: 'check via', message: 'transport nope is not defined' },
  { name: 'a named [defaults]', in: 'check', text: `[defaults x]\n${C}`, at: '[defaults x]', section: 'defaults x', message: 'takes no name' },
  { name: 'a component defined later', in: 'check', text: `[check all3]\nrequired = ping\n${C}`, at: 'required', section: 'check all3', key: 'required', message: 'defined later (line 3)' },
  { name: 'a composite component', in: 'check', text: `${C}[check c1]\noptional = ping\n[check c2]\nrequired = c1\n`, at: 'required = c1', section: 'check c2', key: 'required', message: 'no nesting' },
  { name: 'an undefined component', in: 'check', text: `${C}[check c1]\noptional = nope\n`, at: 'nope', section: 'check c1', key: 'optional', message: 'check nope is not defined' },
  { name: 'a component both required and optional', in: 'check', text: `${C}[check c1]\nrequired = ping\noptional = ping\n`, at: 'optional', section: 'check c1', key: 'optional', message: 'both required and optional' },
  { name: 'a composite with a module', in: 'check', text: `${C}[check c1]\nrequired = ping\nmodule = ping\n`, at: 5, section: 'check c1', key: 'module', message: 'not allowed in a composite' },
  { name: 'a composite containing itself', in: 'check', text: `${C}[check c1]\nrequired = c1\n`, at: 'required = c1', section: 'check c1', key: 'required', message: 'cannot contain itself' },
  { name: 'an unknown protocol', in: 'check', text: `${C}protocol = telnet\n`, at: 'protocol', section: 'check ping', key: 'protocol', message: 'unknown value' },
  { name: 'nagios without command', in: 'check', text: `${C}protocol = nagios\n`, at: 'protocol', section: 'check ping', key: 'command', message: 'protocol nagios needs command' },
  { name: 'a command with protocol batch', in: 'check', text: `${C}protocol = batch\ncommand = /bin/true\n`, at: 'command', section: 'check ping', key: 'command', message: 'only used with protocol = nagios' },
  { name: 'a command with a module using batch', in: 'check', text: `${C}command = /bin/true\n`, at: 'command', section: 'check ping', key: 'command', message: 'only used with protocol = nagios' },
  { name: 'a nagios command naming no module', in: 'check', text: `${C}[check n]\nprotocol = nagios\ncommand = check_nothing -H $HOST\n`, at: 'command', section: 'check n', key: 'command', message: 'does not exist' },
  { name: 'a nagios command with a relative path', in: 'check', text: `${C}[check n]\nprotocol = nagios\ncommand = ./plugin\n`, at: 'command', section: 'check n', key: 'command', message: 'absolute path or a module name' },
  { name: 'a missing nagios plugin', in: 'check', text: `${C}[check n]\nprotocol = nagios\ncommand = /no/such/plugin\n`, at: 'command', section: 'check n', key: 'command', message: 'does not exist' },
  { name: 'an unknown command reference', in: 'check', text: `${C}[check n]\nprotocol = nagios\ncommand = /bin/true -p $port\n`, at: 'command', section: 'check n', key: 'command', message: '$port is neither HOST, SERVICE nor an option' },
  { name: 'an unclosed quote in a command', in: 'check', text: `${C}[check n]\nprotocol = nagios\ncommand = /bin/echo "oops\n`, at: 'command', section: 'check n', key: 'command', message: 'unclosed " quote' },
  { name: 'a bad timeout', in: 'check', text: `${C}timeout = soon\n`, at: 'timeout', section: 'check ping', key: 'timeout', message: 'not an interval' },
  { name: 'a bad all hosts', in: 'check', text: `${C}all hosts = perhaps\n`, at: 'all hosts', section: 'check ping', key: 'all hosts', message: 'not a boolean' },
  { name: 'a bad option name', in: 'check', text: `${C}option.a/b = 1\n`, at: 'option.a/b', section: 'check ping', key: 'option.a/b', message: 'bad option name' },
  { name: 'a missing helpfile', in: 'check', text: `${C}helpfile = nohelp.txt\n`, at: 'helpfile', section: 'check ping', key: 'helpfile', message: 'does not exist' },
  { name: 'an unknown fix lock scope', in: 'check', text: `${C}[fix f]\nmodule = restart\nlock = everything\n`, at: 'lock', section: 'fix f', key: 'lock', message: 'unknown value' },
  { name: 'a zero lock expiry', in: 'check', text: `${C}[fix f]\nmodule = restart\nexpire lock after = 0 seconds\n`, at: 'expire lock', section: 'fix f', key: 'expire lock after', message: 'must not be zero' },
  { name: 'a fix without module', in: 'check', text: `${C}[fix f]\n`, at: '[fix f]', section: 'fix f', key: 'module', message: 'missing required key' },
  { name: 'a missing fix module', in: 'check', text: `${C}[fix f]\nmodule = ping\n`, at: 4, section: 'fix f', key: 'module', message: 'fix module ping cannot be used' },
  { name: 'a missing transport module', in: 'check', text: `${C}[transport t]\nmodule = carrier-pigeon\n`, at: 'carrier-pigeon', section: 'transport t', key: 'module', message: 'does not exist' },
  { name: 'a transport named scheduler', in: 'check', text: `${C}[transport scheduler]\nmodule = ssh\n`, at: '[transport scheduler]', section: 'transport scheduler', message: 'reserved' },
  { name: 'an unknown option of a module with a manifest', in: 'check', text: `${C}option.cuont = 3\n`, at: 'cuont', section: 'check ping', key: 'option.cuont', message: 'has no option "cuont"', modules: { ...BASE_MODULES, 'check/ping.ini': '[option count]\ntype = optional number\n' } },
  { name: 'a missing required option', in: 'check', text: C, at: 'module = ping', section: 'check ping', key: 'option.count', message: 'needs option "count"', modules: { ...BASE_MODULES, 'check/ping.ini': '[option count]\ntype = number\n' } },
  { name: 'a repeated non-list option', in: 'check', text: `${C}option.count = 1\noption.count = 2\n`, at: 'count = 2', section: 'check ping', key: 'option.count', message: 'more than once', modules: { ...BASE_MODULES, 'check/ping.ini': '[option count]\ntype = number\n' } },
  { name: 'a malformed header', in: 'check', text: `${C}[check x\n`, at: '[check x', message: 'malformed section header' },
  { name: 'a line without key', in: 'check', text: `${C}= 5\n`, at: '= 5', section: 'check ping', message: 'malformed line' },
];

async function problemsOf(c: ErrorCase): Promise<ConfigProblem[]> {
  const prefix = await writeConfig({ [c.in]: c.text, ...(c.modules ? { modules: c.modules } : {}) });
  try {
    await loadConfig({ prefix, ...(c.instanceName !== undefined ? { instanceName: c.instanceName } : {}) });
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return [...err.problems];
  }
  assert.fail('the configuration loaded');
}

describe('configuration errors', () => {
  for (const c of cases) {
    it(`reports ${c.name} with file, line, section and key`, async () => {
      const problems = await problemsOf(c);
      const line = lineOf(c.text, c.at);
      const match = problems.find(
        (p) =>
          p.file.endsWith(`/${FILE_NAMES[c.in]}`) &&
          p.line === line &&
          p.section === c.section &&
          (c.key === undefined || p.key === c.key) &&
          p.message.includes(c.message),
      );
      assert.ok(match, `expected ${FILE_NAMES[c.in]}:${line} [${c.section ?? ''}] ${c.key ?? ''}: …${c.message}…, got:\n${JSON.stringify(problems, null, 1)}`);
    });
  }

  it('reports a check with no schedule for the class of its hosts at the check', async () => {
    const prefix = await writeConfig({ host: '[class web]\nhosts = web1 web2\n[group ping]\nhosts = web1 web2\n' });
    await assert.rejects(loadConfig({ prefix }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 1, err.message);
      const p = err.problems[0]!;
      assert.ok(p.file.endsWith('/check.cf'));
      assert.deepEqual([p.line, p.section, p.key], [1, 'check ping', 'schedule']);
      assert.match(p.message, /no schedule for host web1.*class web/);
      return true;
    });
  });

  it('reports a missing file as a whole-file problem', async () => {
    const prefix = await writeConfig();
    const { rm } = await import('node:fs/promises');
    await rm(`${prefix}/etc/t/check.cf`);
    await assert.rejects(loadConfig({ prefix }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.ok(err.problems.some((p) => p.file.endsWith('/check.cf') && p.line === 0 && p.message.includes('cannot read')), err.message);
      return true;
    });
  });

  it('collects the problems of every file at once, sorted by file and line', async () => {
    const prefix = await writeConfig({
      instance: `${I}log level = loud\n`,
      schedule: `${S}[schedule x]\nrule = sometimes\n`,
      host: `${H}[group g]\nhosts = stray\n`,
      check: `${C}colour = red\n[check disk]\nmodule = disk\nschedule = nope\n`,
    });
    await assert.rejects(loadConfig({ prefix }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.code, 'SURVIVOR_CONFIG');
      assert.deepEqual(
        err.problems.map((p) => `${p.file.split('/').pop() ?? ''}:${p.line}`),
        ['instance.cf:5', 'schedule.cf:4', 'host.cf:8', 'check.cf:3', 'check.cf:6'],
      );
      assert.match(err.message, /instance\.cf:5: \[instance t\] log level: unknown value \(expected fatal \| error/);
      return true;
    });
  });
});
