/**
 * etc/users.cf: the web monitor's logins (SPEC §8), INI like every other
 * configuration file:
 *
 *     [anonymous]            ; optional: what a request without a token may do
 *     role = ro              ; ro (default, as 1.0) or none
 *     [user alice]
 *     password = scrypt$16384$8$1$<salt>$<hash>
 *     role = admin           ; admin | rw | exec | ro
 *
 * Read on every login, so edits (and `sw --passwd`) need no restart.
 */
import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import type { ConfigProblem } from '../config/config-error.js';
import { formatProblem } from '../config/config-error.js';
import { readIni } from '../config/ini-reader.js';
import { isRole, type Role } from './roles.js';

export interface WebUser {
  readonly name: string;
  readonly passwordHash: string;
  readonly role: Role;
}

export interface UsersFile {
  readonly users: ReadonlyMap<string, WebUser>;
  /** The role of requests without a token. */
  readonly anonymous: Role;
  /** One line per problem (file:line …); the sections with problems are left out. */
  readonly problems: readonly string[];
}

/** Reads users.cf; a missing file has no users and anonymous `ro`. Never throws for content; rejects on I/O errors other than ENOENT. */
export async function readUsersFile(path: string): Promise<UsersFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { users: new Map(), anonymous: 'ro', problems: [] };
    throw err;
  }
  return parseUsers(text, path);
}

/** Parses users.cf text. Pure. */
export function parseUsers(text: string, path: string): UsersFile {
  const problems: ConfigProblem[] = [];
  const doc = readIni(text, path, problems);
  const users = new Map<string, WebUser>();
  let anonymous: Role = 'ro';
  for (const s of doc.sections) {
    const value = (key: string): string | undefined => s.entries.find((e) => e.key === key)?.value;
    const role = value('role');
    const unknown = s.entries.find((e) => !['role', 'password'].includes(e.key) || (s.type === 'anonymous' && e.key === 'password'));
    if (unknown !== undefined) {
      problems.push({ file: path, line: unknown.line, section: s.title, key: unknown.key, message: 'unknown key' });
      continue;
    }
    if (s.type === 'anonymous' && s.name === undefined) {
      if (role === 'ro' || role === 'none') anonymous = role;
      else problems.push({ file: path, line: s.line, section: s.title, key: 'role', message: 'bad role', expected: 'ro or none', found: String(role) });
    } else if (s.type === 'user' && s.name !== undefined) {
      const password = value('password');
      if (!isRole(role) || role === 'none') problems.push({ file: path, line: s.line, section: s.title, key: 'role', message: 'bad role', expected: 'admin, rw, exec or ro', found: String(role) });
      else if (password === undefined || !password.startsWith('scrypt$')) problems.push({ file: path, line: s.line, section: s.title, key: 'password', message: 'missing or not a scrypt hash', expected: 'scrypt$… (sbin/sw --passwd NAME)' });
      else users.set(s.name, { name: s.name, passwordHash: password, role });
    } else {
      problems.push({ file: path, line: s.line, section: s.title, message: 'unknown section', expected: '[user NAME] or [anonymous]' });
    }
  }
  return { users, anonymous, problems: problems.map(formatProblem) };
}

/**
 * Adds or replaces `[user NAME]` in users.cf (created with mode 600 when
 * missing), keeping every other line. Rejects on I/O errors.
 */
export async function setUser(path: string, name: string, passwordHash: string, role: Role): Promise<void> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    text = '; Survivor web monitor logins (docs/api.md). Add users with: sbin/sw --passwd NAME --role ROLE\n';
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = /^\s*\[\s*user\s+(.+?)\s*\]/;
  const start = lines.findIndex((l) => header.exec(l)?.[1] === name);
  const block = [`[user ${name}]`, `password = ${passwordHash}`, `role = ${role}`];
  if (start < 0) {
    lines.push('', ...block);
  } else {
    let end = start + 1;
    while (end < lines.length && !/^\s*\[/.test(lines[end] ?? '')) end++;
    lines.splice(start, end - start, ...block, '');
  }
  await writeFileAtomic(path, lines.join('\n').replace(/\n+$/, '') + '\n', { mode: 0o600 });
}
