import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from './project.js';
import { makeTempDir } from './temp-dir.js';

/** A throw-away instance: its own instance.cf, config, module dir and var/ under a temp dir. */
export interface TestInstance {
  readonly dir: string;
  readonly name: string;
  readonly instanceFile: string;
  readonly configDir: string;
  readonly moduleDir: string;
  readonly stateDir: string;
  readonly historyDir: string;
  readonly tmpDir: string;
  readonly pidFile: string;
  writeConfig(files: { host?: string; check?: string; schedule?: string; calllist?: string; dependency?: string }): Promise<void>;
}

export async function makeInstance(options: { pollInterval?: string; extra?: string; modules?: string[]; fixModules?: string[] } = {}): Promise<TestInstance> {
  const dir = await makeTempDir('survivor-inst-');
  const name = 't';
  const inst: TestInstance = {
    dir,
    name,
    instanceFile: join(dir, 'instance.cf'),
    configDir: join(dir, 'etc'),
    moduleDir: join(dir, 'mod'),
    stateDir: join(dir, 'var', 'state'),
    historyDir: join(dir, 'var', 'history'),
    tmpDir: join(dir, 'var', 'tmp'),
    pidFile: join(dir, 'var', 'ss.pid'),
    async writeConfig(files) {
      if (files.host !== undefined) await writeFile(join(inst.configDir, 'host.cf'), files.host);
      if (files.check !== undefined) await writeFile(join(inst.configDir, 'check.cf'), files.check);
      if (files.schedule !== undefined) await writeFile(join(inst.configDir, 'schedule.cf'), files.schedule);
      if (files.calllist !== undefined) await writeFile(join(inst.configDir, 'calllist.cf'), files.calllist);
      if (files.dependency !== undefined) await writeFile(join(inst.configDir, 'dependency.cf'), files.dependency);
    },
  };
  await mkdir(inst.configDir, { recursive: true });
  await mkdir(join(inst.moduleDir, 'check'), { recursive: true });
  // Like 1.0, the scheduler requires statedir and historydir to exist (a typo must not create a tree elsewhere).
  for (const d of [inst.tmpDir, inst.stateDir, inst.historyDir]) await mkdir(d, { recursive: true });
  for (const m of options.modules ?? ['answer', 'hang']) {
    await cp(join(projectRoot, 'test', 'fixtures', 'e2e', m), join(inst.moduleDir, 'check', m));
  }
  if (options.fixModules !== undefined) await mkdir(join(inst.moduleDir, 'fix'), { recursive: true });
  for (const m of options.fixModules ?? []) {
    await cp(join(projectRoot, 'test', 'fixtures', 'e2e', m), join(inst.moduleDir, 'fix', m));
  }
  await writeFile(
    inst.instanceFile,
    [
      `[instance ${name}]`,
      `configdir = ${inst.configDir}`,
      `statedir = ${inst.stateDir}`,
      `historydir = ${inst.historyDir}`,
      `tmpdir = ${inst.tmpDir}`,
      `pidfile = ${inst.pidFile}`,
      `poll interval = ${options.pollInterval ?? '1 second'}`,
      'allow root = yes',
      'executors = 1',
      options.extra ?? '',
      '',
    ].join('\n'),
  );
  return inst;
}

/** A running `sbin/ss -D` on a test instance, with its stderr collected. */
export interface RunningSs {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  stdout(): string;
}

export function startSs(inst: TestInstance, args: string[] = []): RunningSs {
  const child = spawn(join(projectRoot, 'sbin', 'ss'), ['-D', '-I', inst.instanceFile, '-i', inst.name, '-m', inst.moduleDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stderr: () => err, stdout: () => out };
}

/** Polls `probe` every 50 ms until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

/** PIDs of live processes whose command line or cwd mentions `needle` (a temp dir). */
export async function processesMentioning(needle: string): Promise<number[]> {
  const { readdir, readlink } = await import('node:fs/promises');
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => '');
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // zombie awaiting its parent
      if (cmd.includes(needle) || cwd.startsWith(needle)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
