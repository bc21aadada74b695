/** What the classifier prints per epoch (pure formatting); the progress bar is lib/train's terminalProgress. */
import type { NidsEpoch } from './train';

/**
 * The per-epoch block in the original's format, e.g.
 * ```
 * --- EPOCH 45/200 ---
 *   Train Loss: 0.1271 | Train Acc: 0.9789
 *   Val Loss: 0.1234 | Val Acc: 0.9567
 *   Train Time: 125.34s | Val Time: 12.45s
 * 🎉 New best validation accuracy: 0.9567
 * ```
 * The train line is ours (the original shows it only in its progress bar); the last line comes only
 * when validation accuracy improved (those weights are kept).
 */
export function epochBlock(row: NidsEpoch, epochs: number): string[] {
  const lines = [
    `--- EPOCH ${row.epoch}/${epochs} ---`,
    `  Train Loss: ${row.loss.toFixed(4)} | Train Acc: ${row.accuracy.toFixed(4)}`,
    `  Val Loss: ${row.val_loss.toFixed(4)} | Val Acc: ${row.val_accuracy.toFixed(4)}`,
    `  Train Time: ${row.train_seconds.toFixed(2)}s | Val Time: ${row.val_seconds.toFixed(2)}s`,
  ];
  if (row.best) lines.push(`🎉 New best validation accuracy: ${row.val_accuracy.toFixed(4)}`);
  return lines;
}
