/**
 * Collects one output stream of a module up to a byte limit. Everything past
 * the limit is still read (so the module never blocks on a full pipe) but
 * dropped, and the loss is remembered.
 */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  /** True once a byte had to be dropped. */
  truncated = false;

  /** @param limit maximum number of bytes kept (>= 0) */
  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    const room = this.limit - this.size;
    if (chunk.length > room) {
      this.truncated = true;
      if (room <= 0) return;
      this.chunks.push(chunk.subarray(0, room));
      this.size += room;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The kept bytes as UTF-8; invalid sequences (and a character cut at the limit) become U+FFFD. */
  text(): string {
    return Buffer.concat(this.chunks, this.size).toString('utf8');
  }
}
