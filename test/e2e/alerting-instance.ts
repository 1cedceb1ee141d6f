/** The instance and file readers shared by the sc alerting end-to-end tests. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeInstance, readJson, type TestInstance } from '../helpers/instance.js';

// Two pairs of `answer` (with a fix) and one of `plain` (without), all on a plan that escalates oncall → oncall+managers → managers.
const HOSTS = '[class lab]\nhosts = h1 h2\ncheck schedule = slow\nalert plan = paging\n\n[group answer]\nhosts = h1 h2\n\n[group plain]\nhosts = h1\n';
const CHECKS = '[check answer]\nmodule = answer\ntimeout = 10 seconds\nfix = restart\n\n[check plain]\nmodule = answer\n\n[fix restart]\nmodule = fixer\ntimeout = 10 seconds\noption.unit = httpd\n';
const SCHEDULES = [
  '[schedule slow]', 'rule = every 1 hour', '',
  '[schedule always]', 'rule = every 1 minute', '',
  '[alertplan paging]', 'on = default', 'using = always',
  'try = 1 time', 'alert = oncall',
  'try = 2 times', 'alert = oncall managers',
  'try', 'alert = managers', '',
].join('\n');
const CALLLISTS = '[alert mail]\nformat = full\ntransmit = mail\n\n[person alice]\notherwise = alice@example.org\n\n[person bob]\notherwise = bob@example.org\n\n[calllist oncall]\nmembers = alice bob\nvia = mail\n\n[calllist managers]\nmembers = bob\nvia = mail\n';

/** A test instance with the pairs, plan and call lists above, and the fixer fix module. */
export async function instance(extra = ''): Promise<TestInstance> {
  const inst = await makeInstance({ fixModules: ['fixer'], extra });
  await inst.writeConfig({ host: HOSTS, check: CHECKS, schedule: SCHEDULES, calllist: CALLLISTS });
  return inst;
}

export function stateFile(inst: TestInstance, file: string, service = 'answer', host = 'h1'): string {
  return join(inst.stateDir, 'host', host, service, file);
}

export async function stateOf(inst: TestInstance, file: string, service = 'answer', host = 'h1'): Promise<Record<string, unknown> | undefined> {
  return (await readJson(stateFile(inst, file, service, host)).catch(() => undefined)) as Record<string, unknown> | undefined;
}

export async function history(inst: TestInstance, kind: string, service = 'answer', host = 'h1'): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(inst.historyDir, 'host', host, service, kind), 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function files(inst: TestInstance, service = 'answer', host = 'h1'): Promise<string[]> {
  return (await readdir(join(inst.stateDir, 'host', host, service)).catch(() => [])).filter((f) => f !== 'lock').sort();
}

