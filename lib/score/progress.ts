/**
 * The batch scorer's progress on a terminal: `score [#####---------------] 27% 54,000 rows 41,200 rows/s
 * 12 alerts ETA 4s`, redrawn in place at most every 200 ms (bytes read of all inputs; for .gz the
 * compressed bytes). Not drawn when stderr is not a terminal (pipes, logs, CI).
 */
import type { ProgressStream } from '../train/progress';

export class ScoreProgress {
  private last = 0;
  private readonly t0 = performance.now();
  private readonly tty: boolean;

  constructor(private readonly total: number, private readonly stream: ProgressStream = process.stderr, enabled = true) {
    this.tty = enabled && stream.isTTY === true;
  }

  update(done: number, rows: number, alerts: number, force = false): void {
    if (!this.tty) return;
    const now = performance.now();
    if (!force && now - this.last < 200) return;
    this.last = now;
    this.stream.write(`\r${progressLine(done, this.total, rows, alerts, (now - this.t0) / 1000)}\x1b[K`);
  }

  /** Clear the bar (before the summary lines). */
  done(): void {
    if (this.tty) this.stream.write('\r\x1b[K');
  }
}

/** The bar's text (pure). */
export function progressLine(done: number, total: number, rows: number, alerts: number, seconds: number, width = 20): string {
  const f = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(f * width);
  const rate = seconds > 0 ? rows / seconds : 0;
  const eta = f > 0 ? (seconds / f) * (1 - f) : NaN;
  return `score [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(f * 100)}% ${rows.toLocaleString('en')} rows ${Math.round(rate).toLocaleString('en')} rows/s ${alerts} alerts ETA ${Number.isFinite(eta) ? `${Math.ceil(eta)}s` : '?'}`;
}
