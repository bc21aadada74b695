/** What the training loop prints: the per-epoch monitoring block and a terminal progress bar (pure formatting + one stream). */
import type { NidsEpoch } from './train';

/**
 * The per-epoch block, e.g.
 * `--- EPOCH 45/200 ---` / `train loss 0.1234  acc 0.9650  4.1 s` / `val   loss 0.1300  acc 0.9601  0.3 s`
 * and, when validation accuracy improved, a line saying so (the model is kept).
 */
export function epochBlock(row: NidsEpoch, epochs: number, previousBest: number): string[] {
  const lines = [
    `--- EPOCH ${row.epoch}/${epochs} ---`,
    `train loss ${row.train_loss.toFixed(4)}  acc ${row.train_accuracy.toFixed(4)}  ${row.train_seconds.toFixed(1)} s`,
    `val   loss ${row.val_loss.toFixed(4)}  acc ${row.val_accuracy.toFixed(4)}  ${row.val_seconds.toFixed(1)} s`,
  ];
  if (row.best) {
    lines.push(Number.isFinite(previousBest)
      ? `best validation accuracy improved ${previousBest.toFixed(4)} → ${row.val_accuracy.toFixed(4)}: model kept`
      : `best validation accuracy ${row.val_accuracy.toFixed(4)}: model kept`);
  }
  return lines;
}

/** `[########------------] 512/1086 loss 0.2345 ETA 3s` (pure). */
export function barLine(step: number, steps: number, loss: number, seconds: number, width = 24): string {
  const filled = Math.round((step / steps) * width);
  const eta = step > 0 ? (seconds / step) * (steps - step) : NaN;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(step).padStart(String(steps).length)}/${steps} loss ${loss.toFixed(4)} ETA ${Number.isFinite(eta) ? `${Math.round(eta)}s` : '?'}`;
}

/**
 * A progress bar redrawn in place at most every `intervalMs` on a TTY (nothing elsewhere). The loss
 * costs a device sync, so it is read only when the bar is redrawn.
 */
export function progressBar(stream: { write(s: string): unknown; isTTY?: boolean; columns?: number }, epoch: number, epochs: number, steps: number, intervalMs = 250) {
  const tty = stream.isTTY === true;
  const t0 = performance.now();
  let last = 0;
  return {
    tick(step: number, loss: () => number): void {
      if (!tty) return;
      const now = performance.now();
      if (step < steps && now - last < intervalMs) return;
      last = now;
      const line = `epoch ${epoch}/${epochs} ${barLine(step, steps, loss(), (now - t0) / 1000)}`;
      stream.write(`\r${line.slice(0, Math.max(20, (stream.columns ?? 100) - 1))}\x1b[K`);
    },
    done(): void {
      if (tty) stream.write('\r\x1b[K');
    },
  };
}
