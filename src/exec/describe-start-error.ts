import { access } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * Turns the error of a process that could not be started into a short reason
 * an operator can act on. The kernel says ENOENT both for a missing program
 * and for a missing `#!` interpreter or working directory, so the cases are
 * told apart by looking at the file system. Never rejects.
 *
 * ENOEXEC (a file that is neither a binary nor a `#!` script) does not get
 * here: like execvp(3), libuv then hands the file to /bin/sh, so it shows up
 * as exit status 126/127 with the shell's complaint on stderr.
 */
export async function describeStartError(err: unknown, file: string, cwd: string): Promise<string> {
  const code = errorCode(err);
  switch (code) {
    case 'ENOENT':
      if (!(await exists(cwd))) return `working directory ${cwd} does not exist (ENOENT)`;
      if (!file.includes('/')) return `${file} not found in PATH (ENOENT)`;
      if (await exists(resolve(cwd, file))) return `${file}: interpreter named on its #! line not found (ENOENT)`;
      return `${file} not found (ENOENT)`;
    case 'EACCES':
      return `${file} is not executable (EACCES)`;
    case 'ENOEXEC':
      return `${file} is not in an executable format (ENOEXEC)`;
    case 'EMFILE':
    case 'ENFILE':
      return `too many open files (${code})`;
    default: {
      const message = err instanceof Error ? err.message : String(err);
      return code === undefined ? message : `${message} (${code})`;
    }
  }
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const { code } = err;
  return typeof code === 'string' ? code : undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
