import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout (install prefix) this test runs from: the nearest ancestor with Survivor's package.json. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'survivor') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the Survivor checkout above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export const projectRoot = findRoot();
export const fixtureModulesDir = join(projectRoot, 'test', 'fixtures', 'modules');
export const shippedModulesDir = join(projectRoot, 'mod');
