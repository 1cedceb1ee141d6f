import type { CommandContext } from './command-context.js';
import { CliError, EXIT } from './exit-codes.js';

/**
 * Refuses `-o` keys the command does not know (exit 2), so that a typo such
 * as `-o expires=2h` is reported instead of silently ignored.
 */
export function checkSubOptions(ctx: CommandContext, command: string, allowed: readonly string[]): void {
  for (const key of ctx.options.sub.keys()) {
    if (allowed.includes(key)) continue;
    const known = allowed.length === 0 ? 'takes no -o options' : `takes -o ${allowed.join(', ')}`;
    throw new CliError(`sc: ${command}: unknown option -o ${key} (${command} ${known})`, EXIT.USAGE);
  }
}

/** The value of `-o key=value`, refusing an empty one (exit 2); undefined when the key was not given. */
export function subValue(ctx: CommandContext, command: string, key: string): string | undefined {
  const value = ctx.options.sub.get(key);
  if (value === '') throw new CliError(`sc: ${command}: -o ${key}= needs a value`, EXIT.USAGE);
  return value;
}
