import { open } from 'node:fs/promises';

/** A helpfile is a few paragraphs; more would swamp a page. */
export const MAX_HELP_BYTES = 16 * 1024;

/**
 * The text of a check's helpfile (at most MAX_HELP_BYTES, cut at a line end
 * when cut at all), or undefined when it cannot be read: a missing or
 * unreadable helpfile must not stop the alert. Never rejects.
 */
export async function readHelpText(path: string): Promise<string | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(MAX_HELP_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const text = buffer.toString('utf8', 0, Math.min(bytesRead, MAX_HELP_BYTES));
      if (bytesRead <= MAX_HELP_BYTES) return text;
      const lastLine = text.lastIndexOf('\n');
      return `${lastLine > 0 ? text.slice(0, lastLine) : text}\n[...]`;
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
