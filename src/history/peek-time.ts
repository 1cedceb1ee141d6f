const PREFIX = Buffer.from('{"time":');
const ZERO = 0x30;
const NINE = 0x39;
const COMMA = 0x2c;
const BRACE = 0x7d;

/**
 * The `time` of a history line without a full JSON parse, for lines as this
 * code writes them (`{"time":<digits>,` first). Undefined for any other shape;
 * callers then parse the line fully. Pure.
 */
export function peekTime(line: Buffer): number | undefined {
  if (line.length <= PREFIX.length || line.compare(PREFIX, 0, PREFIX.length, 0, PREFIX.length) !== 0) return undefined;
  let time = 0;
  let i = PREFIX.length;
  for (; i < line.length && i < PREFIX.length + 16; i++) {
    const c = line[i] as number;
    if (c < ZERO || c > NINE) break;
    time = time * 10 + (c - ZERO);
  }
  if (i === PREFIX.length || (line[i] !== COMMA && line[i] !== BRACE)) return undefined;
  return time;
}
