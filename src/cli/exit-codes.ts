/** sc's exit codes (docs/sc.md): scripts rely on them. */
export const EXIT = {
  OK: 0,
  /** Some target failed (unknown pair, refused action, check not OK for `sc check`). */
  FAILED: 1,
  USAGE: 2,
  CONFIG: 3,
  /** Not allowed (root without `allow root`) or a lock could not be taken. */
  PERMISSION: 4,
} as const;

/** An expected failure of a command: printed as one line, exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
