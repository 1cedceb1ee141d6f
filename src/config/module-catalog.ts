/**
 * What the module directory holds, looked up once per module and load:
 * whether mod/<kind>/<name> is an executable file, and its manifest
 * mod/<kind>/<name>.ini if there is one.
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigProblem } from './config-error.js';
import { type ModuleManifest, parseModuleManifest } from './module-manifest.js';

export type ModuleKind = 'check' | 'fix' | 'transport' | 'format' | 'transmit';

export interface ModuleInfo {
  readonly path: string;
  /** undefined when the module is usable, else why not. */
  readonly problem?: string;
  readonly manifest?: ModuleManifest;
}

export class ModuleCatalog {
  private readonly cache = new Map<string, Promise<ModuleInfo>>();
  private readonly manifestProblems: ConfigProblem[] = [];

  /** `moduleDir` is absolute: the directory holding check/, fix/, transport/. */
  constructor(readonly moduleDir: string) {}

  /** Looks a module up (once per kind and name); never rejects. */
  inspect(kind: ModuleKind, name: string): Promise<ModuleInfo> {
    const id = `${kind}/${name}`;
    let info = this.cache.get(id);
    if (info === undefined) {
      info = this.load(kind, name);
      this.cache.set(id, info);
    }
    return info;
  }

  /** Problems found in the manifests inspected so far, each reported once. */
  problems(): readonly ConfigProblem[] {
    return this.manifestProblems;
  }

  private async load(kind: ModuleKind, name: string): Promise<ModuleInfo> {
    const path = join(this.moduleDir, kind, name);
    const [problem, manifest] = await Promise.all([executableProblem(path), this.readManifest(`${path}.ini`)]);
    return { path, ...(problem !== undefined ? { problem } : {}), ...(manifest !== undefined ? { manifest } : {}) };
  }

  private async readManifest(file: string): Promise<ModuleManifest | undefined> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.manifestProblems.push({ file, line: 0, message: `cannot read the manifest: ${(err as Error).message}` });
      return undefined;
    }
    return parseModuleManifest(text, file, this.manifestProblems);
  }
}

/** Why `path` cannot be run as a module, or undefined when it can. */
export async function executableProblem(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path);
    if (!s.isFile()) return `${path} is not a file`;
    await access(path, constants.X_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `${path} does not exist`;
    if (code === 'EACCES') return `${path} is not executable`;
    return `${path}: ${(err as Error).message}`;
  }
}
