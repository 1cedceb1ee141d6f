/** Longest comment kept from a module, in characters; the rest is cut (state and history keep one line per result). */
export const MAX_COMMENT_LENGTH = 4096;

/**
 * A module's comment as Survivor stores it: one line (line breaks and other
 * control characters become spaces, as 1.0 flattened multi-line comments),
 * trimmed, at most MAX_COMMENT_LENGTH characters.
 */
export function commentText(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const line = raw.replace(/\s*[\u0000-\u001f\u007f]+\s*/g, ' ').trim();
  return line.length > MAX_COMMENT_LENGTH ? line.slice(0, MAX_COMMENT_LENGTH - 1) + '…' : line;
}
