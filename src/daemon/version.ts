import { readFileSync } from 'node:fs';

/** The version in the package.json of the prefix this code runs from. */
export function survivorVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
