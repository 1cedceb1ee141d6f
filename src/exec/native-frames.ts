/**
 * The wire format between the daemon's ExecutorPool and the native executor
 * (src/exec/native/survivor-executor.c, whose header documents it): length-
 * prefixed little-endian frames on the executor's stdin and stdout.
 */
import { constants } from 'node:os';
import type { ExecutorReply } from './executor-message.js';
import type { ProcessRequest } from './process-run.js';

/** How long (ms) stdout/stderr may stay open after the main process exited (run-process.ts's default). */
export const NATIVE_DRAIN_MS = 200;
/** The executor takes u32 milliseconds; longer means "practically never", as setTimeout's cap does in Node. */
const MAX_U32_MS = 2 ** 31 - 1;

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, number]) => [number, name]));

/** A start error as the executor reports it: errno name and strerror text. */
export interface NativeStartError {
  readonly code: string;
  readonly message: string;
}

/** A done reply before the start error (if any) is turned into a sentence. */
export type NativeReply = ExecutorReply | { readonly type: 'failed'; readonly id: number; readonly error: NativeStartError; readonly startedAt: number; readonly durationMs: number };

/** One request frame ('R'). */
export function encodeRequest(id: number, request: ProcessRequest): Buffer {
  const parts: Buffer[] = [];
  const u32 = (value: number): void => {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32LE(value >>> 0);
    parts.push(b);
  };
  const str = (text: string): void => {
    const bytes = Buffer.from(text, 'utf8');
    u32(bytes.length);
    parts.push(bytes);
  };
  parts.push(Buffer.from('R'));
  u32(id);
  u32(Math.min(Math.round(request.timeoutMs), MAX_U32_MS));
  u32(Math.min(Math.round(request.graceMs), MAX_U32_MS));
  u32(Math.min(Math.round(request.maxOutputBytes), MAX_U32_MS));
  u32(NATIVE_DRAIN_MS);
  str(request.cwd);
  u32(request.argv.length);
  for (const arg of request.argv) str(arg);
  const env = Object.entries(request.env);
  u32(env.length);
  for (const [name, value] of env) str(`${name}=${value}`);
  if (request.stdin === undefined) {
    parts.push(Buffer.from([0]));
  } else {
    parts.push(Buffer.from([1]));
    str(request.stdin);
  }
  const payload = Buffer.concat(parts);
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32LE(payload.length);
  return Buffer.concat([head, payload]);
}

/**
 * Cuts the executor's stdout into replies. Feed every chunk to `push`; it
 * returns the replies completed so far. Throws on a malformed frame (a bug:
 * the caller kills the executor, which is then replaced).
 */
export class ReplyDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): NativeReply[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const replies: NativeReply[] = [];
    let off = 0;
    while (this.pending.length - off >= 4) {
      const size = this.pending.readUInt32LE(off);
      if (this.pending.length - off - 4 < size) break;
      replies.push(decodeReply(this.pending.subarray(off + 4, off + 4 + size)));
      off += 4 + size;
    }
    this.pending = off === this.pending.length ? Buffer.alloc(0) : this.pending.subarray(off);
    return replies;
  }
}

function decodeReply(frame: Buffer): NativeReply {
  let off = 1;
  const u32 = (): number => {
    const v = frame.readUInt32LE(off);
    off += 4;
    return v;
  };
  const i32 = (): number => {
    const v = frame.readInt32LE(off);
    off += 4;
    return v;
  };
  const bytes = (): Buffer => {
    const n = u32();
    if (off + n > frame.length) throw new RangeError('truncated executor reply');
    const b = frame.subarray(off, off + n);
    off += n;
    return b;
  };
  const type = String.fromCharCode(frame[0] ?? 0);
  const id = u32();
  if (type === 'S') return { type: 'started', id, pid: i32() };
  if (type !== 'D') throw new RangeError(`unknown executor reply type ${JSON.stringify(type)}`);
  const pid = i32();
  const exit = i32();
  const signal = i32();
  const flags = frame.readUInt8(off++);
  const durationMs = u32();
  const startedAt = frame.readDoubleLE(off);
  off += 8;
  const code = bytes().toString('utf8');
  const message = bytes().toString('utf8');
  const stdout = bytes().toString('utf8');
  const stderr = bytes().toString('utf8');
  if (pid === 0) return { type: 'failed', id, error: { code, message }, startedAt, durationMs };
  return {
    type: 'done',
    id,
    outcome: {
      exitCode: exit < 0 ? null : exit,
      signal: signal === 0 ? null : (SIGNAL_NAMES.get(signal) ?? `SIG${signal}`),
      stdout,
      stderr,
      timedOut: (flags & 1) !== 0,
      truncated: (flags & 2) !== 0,
      startedAt,
      durationMs,
      pid,
    },
  };
}
