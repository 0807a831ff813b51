export interface ProgressOptions {
  /** Total number of items; the bar shows a fraction and an ETA from it. */
  total: number;
  /** What is counted, e.g. "images". Default "items". */
  unit?: string;
  /** Where to draw. Default process.stderr. */
  stream?: NodeJS.WriteStream;
  /** Minimum time between redraws, ms. Default 100 (non-TTY: 2000). */
  intervalMs?: number;
}

/** A progress bar with rate and ETA on stderr; on a non-TTY stream it prints a line now and then. */
export class ProgressBar {
  private done = 0;
  private failed = 0;
  private readonly start = Date.now();
  private lastDraw = 0;
  private drawnAt = -1;
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private readonly intervalMs: number;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY);
    this.intervalMs = options.intervalMs ?? (this.tty ? 100 : 2000);
  }

  tick(ok = true): void {
    this.done++;
    if (!ok) this.failed++;
    const now = Date.now();
    if (now - this.lastDraw >= this.intervalMs || this.done === this.options.total) {
      this.lastDraw = now;
      this.draw();
    }
  }

  /** Text of the bar as it stands, for tests and logs. */
  render(width = 30): string {
    const total = Math.max(1, this.options.total);
    const frac = Math.min(1, this.done / total);
    const elapsedS = (Date.now() - this.start) / 1000;
    const rate = elapsedS > 0 ? this.done / elapsedS : 0;
    const etaS = rate > 0 ? (this.options.total - this.done) / rate : NaN;
    const filled = Math.round(frac * width);
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    const unit = this.options.unit ?? "items";
    const fail = this.failed ? `, ${this.failed} failed` : "";
    return `[${bar}] ${this.done}/${this.options.total} ${unit} ${rate.toFixed(2)}/s ETA ${formatDuration(etaS)}${fail}`;
  }

  finish(): void {
    if (this.drawnAt !== this.done) this.draw();
    if (this.tty) this.stream.write("\n");
  }

  private draw(): void {
    this.drawnAt = this.done;
    this.stream.write(this.tty ? `\r${this.render()}` : `${this.render()}\n`);
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(sec).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
