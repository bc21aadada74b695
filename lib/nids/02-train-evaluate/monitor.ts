/** What the classifier prints per epoch (pure formatting); the progress bar is lib/train's terminalProgress. */
import type { NidsEpoch } from './train';

/**
 * The per-epoch block, e.g.
 * `--- EPOCH 45/200 ---` / `train loss 0.1234  acc 0.9650  4.1 s` / `val   loss 0.1300  acc 0.9601  0.3 s`
 * and, when validation accuracy improved, a line saying so (the model is kept).
 */
export function epochBlock(row: NidsEpoch, epochs: number, previousBest: number): string[] {
  const lines = [
    `--- EPOCH ${row.epoch}/${epochs} ---`,
    `train loss ${row.loss.toFixed(4)}  acc ${row.accuracy.toFixed(4)}  ${row.train_seconds.toFixed(1)} s`,
    `val   loss ${row.val_loss.toFixed(4)}  acc ${row.val_accuracy.toFixed(4)}  ${row.val_seconds.toFixed(1)} s`,
  ];
  if (row.best) {
    lines.push(Number.isFinite(previousBest)
      ? `best validation accuracy improved ${previousBest.toFixed(4)} → ${row.val_accuracy.toFixed(4)}: model kept`
      : `best validation accuracy ${row.val_accuracy.toFixed(4)}: model kept`);
  }
  return lines;
}
