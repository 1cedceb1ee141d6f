/** Shared by the exec tests: a Config around the fixture modules, and process-group inspection. */
import { emptyAlerting } from '../../src/config/empty-alerting.js';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Check, CompositeCheck, Config, SimpleCheck } from '../../src/config/config-model.js';
import { fixtureModulesDir } from '../helpers/project.js';

const source = { file: 'check.cf', line: 1 };

/** A simple check of fixture module `module` (batch protocol, 10 s timeout unless overridden). */
export function simpleCheck(name: string, module: string, overrides: Partial<SimpleCheck> = {}): SimpleCheck {
  return {
    kind: 'simple', name, module, options: {}, protocol: 'batch', resultTextSignificant: false,
    allHosts: false, timeoutMs: 10_000, source, ...overrides,
  };
}

export function compositeCheck(name: string, required: string[], optional: string[], timeoutMs = 10_000): CompositeCheck {
  return { kind: 'composite', name, required, optional, allHosts: false, timeoutMs, source };
}

/** A Config whose module dir is test/fixtures/modules (modules under check/) holding `checks`. */
export function fixtureConfig(checks: readonly Check[] = [], tmpDir = '/tmp'): Config {
  return {
    instance: {
      name: 'exec-test', configDir: tmpDir, stateDir: tmpDir, historyDir: tmpDir, tmpDir, helpDir: tmpDir,
      allowArchive: false, allowRoot: true, requireComment: false, checkWorkers: 4, alertWorkers: 1,
      pollIntervalMs: 60_000, smartScheduling: true, pidFile: `${tmpDir}/ss.pid`, logLevel: 'info', executors: 1, executorProgram: 'auto',
      stateFsync: false, smtp: { host: 'localhost', port: 25, tls: 'none', from: 'survivor@localhost' },
      web: { usersFile: `${tmpDir}/users`, tokenLifetimeMs: 3_600_000 }, source,
    },
    moduleDir: fixtureModulesDir,
    alerting: emptyAlerting(),
    classes: new Map(), groups: new Map(), hostClass: new Map(), schedules: new Map(),
    checks: new Map(checks.map((c) => [c.name, c])), fixes: new Map(), transports: new Map(), pairs: [],
  };
}

/** Path of a fixture check module. */
export function fixture(module: string): string {
  return `${fixtureModulesDir}/check/${module}`;
}

/**
 * Pids of the live (not zombie) processes in process group `pgid`, from /proc.
 * Zombies are left out: whoever reaps orphans may take a moment, and a zombie runs nothing.
 */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid pgrp …; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(entry));
  }
  return members;
}

/** True when `pid` runs (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `condition` every 20 ms until it holds or `limitMs` passes; returns whether it held. */
export async function eventually(condition: () => boolean, limitMs = 5000): Promise<boolean> {
  const end = Date.now() + limitMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() > end) return false;
    await sleep(20);
  }
}
