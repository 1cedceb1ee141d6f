import { dirname } from 'node:path';
import { errnoCode } from '../state/state-error.js';
import { historyFs as fs } from './history-fs.js';
import { historyIo, truncateTornTail } from './repair-torn-tail.js';

/**
 * Appends one complete line to a history file with ONE write() on a
 * descriptor opened with O_APPEND (opened and closed per call, so 100 000
 * pairs never hold 100 000 descriptors). The parent directory is created when
 * missing. A torn tail left by an earlier crash is cut off first, so a new
 * record is never glued onto a fragment. A failed or short write (ENOSPC) is
 * undone by truncating back, so the file still ends in a whole line.
 * The caller holds the pair lock. `line` must end in "\n" and contain no other
 * newline. Failures: SURVIVOR_HISTORY_IO.
 */
export async function appendHistoryLine(path: string, line: string): Promise<void> {
  if (!line.endsWith('\n') || line.indexOf('\n') !== line.length - 1) {
    throw new TypeError(`Expected \`line\` to be one line ending in "\\n", got ${JSON.stringify(line.slice(0, 80))}`);
  }
  const fd = await openForAppend(path);
  try {
    const { after: size } = await truncateTornTail(fd);
    const data = Buffer.from(line, 'utf8');
    let written = 0;
    try {
      written = await fs.write(fd, data);
    } finally {
      if (written !== data.length) await fs.ftruncate(fd, size).catch(() => undefined);
    }
    if (written !== data.length) throw new Error(`short write: ${written} of ${data.length} bytes`);
  } catch (err) {
    throw historyIo('cannot append to history file', path, err);
  } finally {
    await fs.close(fd).catch(() => undefined);
  }
}

async function openForAppend(path: string): Promise<number> {
  try {
    return await fs.open(path, 'a+');
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw historyIo('cannot open history file', path, err);
  }
  try {
    await fs.mkdir(dirname(path), { recursive: true });
    return await fs.open(path, 'a+');
  } catch (err) {
    throw historyIo('cannot create history file', path, err);
  }
}
