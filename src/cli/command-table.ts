/**
 * sc's commands with 1.0's shortest accepted prefixes (reference 1.4): a word names
 * a command when it is a prefix of the name at least `min` characters long; the
 * first match in table order wins, as in 1.0.
 */
export const COMMANDS: readonly { readonly name: string; readonly min: number }[] = [
  { name: 'acknowledge', min: 2 },
  { name: 'alerthistory', min: 6 },
  { name: 'archivehistory', min: 2 },
  { name: 'check', min: 2 },
  { name: 'checkcf', min: 6 },
  { name: 'checkhistory', min: 6 },
  { name: 'clcal', min: 3 },
  { name: 'clprune', min: 3 },
  { name: 'clset', min: 4 },
  { name: 'clstat', min: 4 },
  { name: 'clsub', min: 4 },
  { name: 'clunsub', min: 3 },
  { name: 'commandhistory', min: 8 },
  // Added by Survivor after 1.0's commands: their prefixes never shadow a 1.0 spelling.
  { name: 'disable', min: 3 },
  { name: 'enable', min: 2 },
  { name: 'escalate', min: 1 },
  { name: 'fix', min: 1 },
  { name: 'fixhistory', min: 4 },
  { name: 'inhibit', min: 1 },
  { name: 'monitor', min: 3 },
  { name: 'pause', min: 2 },
  { name: 'report', min: 3 },
  { name: 'reschedule', min: 3 },
  { name: 'status', min: 1 },
  { name: 'trip', min: 1 },
  { name: 'unacknowledge', min: 3 },
  { name: 'uninhibit', min: 3 },
];

/** The full command name for `word`, or undefined. An exact name always wins. */
export function expandCommand(word: string): string | undefined {
  const exact = COMMANDS.find((c) => c.name === word);
  if (exact !== undefined) return exact.name;
  return COMMANDS.find((c) => word.length >= c.min && c.name.startsWith(word))?.name;
}
