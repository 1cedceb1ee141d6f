/**
 * The full-screen terminal of `sc monitor`: alternate screen, hidden cursor,
 * stdin in raw mode so single keys arrive at once; everything is undone by
 * close(), which also runs on SIGINT, SIGTERM, SIGHUP and process exit so the
 * user's shell is never left with a hidden cursor or a raw terminal.
 */
const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
const LEAVE = '\x1b[0m\x1b[?25h\x1b[?1049l';

export class TerminalScreen {
  private open = false;
  private readonly onSignal = (): void => this.close();
  private readonly onData = (data: Buffer): void => {
    for (const key of data.toString('utf8')) this.onKey(key);
  };

  constructor(
    private readonly input: NodeJS.ReadStream,
    private readonly output: NodeJS.WriteStream,
    /** Called with each key typed (one character; Ctrl-C is "\x03"). */
    private readonly onKey: (key: string) => void,
  ) {}

  /** Size in character cells (80×24 when the terminal does not say). */
  get size(): { columns: number; rows: number } {
    return { columns: this.output.columns ?? 80, rows: this.output.rows ?? 24 };
  }

  /** Switches to the alternate screen and raw input; `onResize` is called when the window changes size. */
  start(onResize: () => void): void {
    this.open = true;
    this.output.write(ENTER);
    if (this.input.isTTY) this.input.setRawMode(true);
    this.input.on('data', this.onData);
    this.input.resume();
    this.output.on('resize', onResize);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, this.onSignal);
    process.once('exit', this.onSignal);
  }

  /** Replaces the screen content with `lines` (each already cut to the width) in one write. */
  draw(lines: readonly string[]): void {
    if (!this.open) return;
    this.output.write('\x1b[H' + lines.map((l) => l + '\x1b[K').join('\r\n') + '\x1b[J');
  }

  /** Restores the terminal as it was; safe to call more than once. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.input.off('data', this.onData);
    if (this.input.isTTY) this.input.setRawMode(false);
    this.input.pause();
    this.output.write(LEAVE);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, this.onSignal);
    process.off('exit', this.onSignal);
  }
}
