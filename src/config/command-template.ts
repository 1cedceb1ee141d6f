/**
 * The argv template of a nagios-protocol check (`command = check_tcp -H $HOST
 * -p $port`). Words are split at whitespace; single or double quotes keep a
 * word together and a backslash escapes the next character outside single
 * quotes, as in a shell, but nothing is expanded here: `$HOST`, `$SERVICE`
 * and `$<option>` (or `${option}`) are substituted per host when the check
 * runs (exec/nagios-command.ts); `$$` stands for a literal `$`.
 */

/** Splits a template into words; returns a sentence instead when a quote is not closed. */
export function splitCommandTemplate(text: string): { words: string[] } | { problem: string } {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text.charAt(++i);
      else word += c;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text.charAt(++i);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote !== undefined) return { problem: `unclosed ${quote} quote` };
  if (word !== undefined) words.push(word);
  return { words };
}

/** The names a template refers to with `$name` or `${name}` (`$$` is a literal `$`), HOST and SERVICE included, in order. */
export function templateReferences(words: readonly string[]): string[] {
  const refs: string[] = [];
  for (const word of words) {
    for (const m of word.matchAll(/\$(?:\$|\{([a-zA-Z0-9._-]+)\}|([a-zA-Z_][a-zA-Z0-9_]*))/g)) {
      const name = m[1] ?? m[2];
      if (name !== undefined) refs.push(name);
    }
  }
  return refs;
}
