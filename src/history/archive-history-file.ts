import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errnoCode } from '../state/state-error.js';
import { linesForward } from './lines-forward.js';
import { peekTime } from './peek-time.js';
import { historyIo } from './repair-torn-tail.js';

/** Where archived lines of one history file go, and how each is prefixed. */
export interface ArchiveTarget {
  /** File the archived lines are appended to (created with its directories when missing). */
  readonly path: string;
  /** Put before each archived line ('' for a directory tree, `<kind>:<service>@<host>:` for one file). */
  readonly prefix: string;
}

/** What became of one history file. before = kept + archived always holds. */
export interface ArchiveCount {
  /** Complete lines in the file when the lock was taken. */
  readonly before: number;
  readonly kept: number;
  readonly archived: number;
  /** The file was left empty and removed (only when `removeIfEmpty`). */
  readonly removed: boolean;
}

export interface ArchiveFileRequest {
  readonly path: string;
  /** Archive records with time >= from (epoch ms; default: no lower bound). */
  readonly from?: number;
  /** ... and time < until (exclusive; default: no upper bound). */
  readonly until?: number;
  readonly target: ArchiveTarget;
  /** Delete the file instead of leaving it empty (history of pairs no longer configured). */
  readonly removeIfEmpty?: boolean;
}

/**
 * Moves the records of one history file that lie inside [from, until) to the
 * target (reference 4.6). The CALLER HOLDS THE PAIR LOCK, so no append is in
 * flight and none starts until this returns. Lines outside the window, and
 * lines whose time cannot be read (they are kept, never lost), are copied to a
 * temporary file in the same directory; archived lines are appended to the
 * target and fsynced; only then is the temporary file fsynced and renamed over
 * the original; when no record lies in the window the original is left
 * untouched. A crash can therefore duplicate records (in the archive and
 * still in place) but never lose one. A torn last line (a writer that died
 * mid-write, ignored by every reader) is dropped when the file is rewritten. Memory: one read chunk. A
 * missing file counts as empty. Failures: SURVIVOR_HISTORY_IO; the original
 * is then unchanged (the target may hold a copy of the archived lines).
 */
export async function archiveHistoryFile(req: ArchiveFileRequest): Promise<ArchiveCount> {
  const { path, from = -Infinity, until = Infinity, target } = req;
  let source: FileHandle;
  try {
    source = await open(path, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return { before: 0, kept: 0, archived: 0, removed: false };
    throw historyIo('cannot open history file for archiving', path, err);
  }
  const temp = join(dirname(path), `${basename(path)}.${randomBytes(6).toString('hex')}`);
  let kept = 0;
  let archived = 0;
  let renamed = false;
  let keep: FileHandle | undefined;
  let sink: FileHandle | undefined;
  try {
    keep = await open(temp, 'wx');
    const keepOut = new BufferedWriter(keep);
    let sinkOut: BufferedWriter | undefined;
    const prefix = Buffer.from(target.prefix, 'utf8');
    const { size } = await source.stat();
    for await (const lines of linesForward(source, 0, size)) {
      for (const line of lines) {
        const time = lineTime(line);
        if (time !== undefined && time >= from && time < until) {
          if (sinkOut === undefined) {
            sink = await openTarget(target.path);
            sinkOut = new BufferedWriter(sink);
          }
          await sinkOut.line(prefix, line);
          archived++;
        } else {
          await keepOut.line(undefined, line);
          kept++;
        }
      }
    }
    // Nothing in the window: the original stays as it is (no rewrite of a file that does not change).
    if (archived === 0 && !(kept === 0 && req.removeIfEmpty === true)) return { before: kept, kept, archived, removed: false };
    if (sink !== undefined && sinkOut !== undefined) {
      await sinkOut.flush();
      await sink.sync();
    }
    await keepOut.flush();
    await keep.sync();
    await keep.close();
    keep = undefined;
    if (kept === 0 && req.removeIfEmpty === true) {
      await unlink(path);
      return { before: kept + archived, kept, archived, removed: true };
    }
    await rename(temp, path);
    renamed = true;
    return { before: kept + archived, kept, archived, removed: false };
  } catch (err) {
    throw historyIo('cannot archive history file', path, err);
  } finally {
    await source.close().catch(() => undefined);
    await keep?.close().catch(() => undefined);
    await sink?.close().catch(() => undefined);
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/** The record time of a line: the fast peek, else a full parse; undefined when the line has none. */
function lineTime(line: Buffer): number | undefined {
  const peeked = peekTime(line);
  if (peeked !== undefined) return peeked;
  try {
    const value = JSON.parse(line.toString('utf8')) as { time?: unknown };
    return typeof value.time === 'number' && Number.isSafeInteger(value.time) ? value.time : undefined;
  } catch {
    return undefined;
  }
}

async function openTarget(path: string): Promise<FileHandle> {
  await mkdir(dirname(path), { recursive: true });
  const fh = await open(path, 'a+');
  // An archive left with a torn tail (a crash mid-append) must not glue our first line onto it.
  const { size } = await fh.stat();
  if (size > 0) {
    const last = Buffer.alloc(1);
    await fh.read(last, 0, 1, size - 1);
    if (last[0] !== 0x0a) await fh.write('\n');
  }
  return fh;
}

/** Collects lines into ~64 KiB writes. */
class BufferedWriter {
  private parts: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly fh: FileHandle) {}

  async line(prefix: Buffer | undefined, line: Buffer): Promise<void> {
    // `line` is only valid until the reader's next step: copy it.
    if (prefix !== undefined && prefix.length > 0) this.parts.push(prefix);
    this.parts.push(Buffer.from(line), NEWLINE);
    this.bytes += (prefix?.length ?? 0) + line.length + 1;
    if (this.bytes >= 64 * 1024) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const data = Buffer.concat(this.parts);
    this.parts = [];
    this.bytes = 0;
    for (let off = 0; off < data.length; ) off += (await this.fh.write(data, off)).bytesWritten;
  }
}

const NEWLINE = Buffer.from('\n');
