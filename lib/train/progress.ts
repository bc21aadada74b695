import { lineChart, showLive, type LiveChart, type TopLevelSpec } from '../viz';
import type { BatchInfo, EpochInfo, EpochRecord } from './autoencoder';

/** Callbacks for `trainAutoencoder`, to spread into its options. */
export interface TrainingCallbacks {
  onBatch?: (info: BatchInfo) => void;
  onEpoch?: (row: EpochRecord, info: EpochInfo) => void | Promise<void>;
}

/** A writable stream as far as the progress display needs one. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface TerminalProgressOptions {
  /** Default process.stderr. */
  stream?: ProgressStream;
  /** Prefix of every line, e.g. "gru-sae". */
  label?: string;
  /** Redraws of the bar at most this often (ms); default 200. */
  intervalMs?: number;
}

/**
 * Training progress for a terminal: on a TTY a bar redrawn in place (batches done/total, loss so far,
 * ETA), finished by one line per epoch; elsewhere (pipes, logs, CI) only the line per epoch.
 * The loss so far costs a device sync, so it is read only when the bar is redrawn.
 */
export function terminalProgress(opts: TerminalProgressOptions = {}): Required<TrainingCallbacks> {
  const stream = opts.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const interval = opts.intervalMs ?? 200;
  const prefix = opts.label ? `${opts.label} ` : '';
  let lastDraw = 0;
  return {
    onBatch(info) {
      if (!tty) return;
      const now = performance.now();
      if (info.batch < info.batches && now - lastDraw < interval) return;
      lastDraw = now;
      const line = `${prefix}${batchLine(info, info.lossSoFar())}`;
      stream.write(`\r${line.slice(0, Math.max(20, (stream.columns ?? 100) - 1))}\x1b[K`);
    },
    onEpoch(row, info) {
      stream.write(`${tty ? '\r\x1b[K' : ''}${prefix}${epochLine(row, info)}\n`);
    },
  };
}

/** `epoch 3/20 [########------------]  12/16 loss 0.01234 ETA 3s` (pure). */
export function batchLine(info: BatchInfo, lossSoFar: number, width = 20): string {
  const filled = Math.round((info.batch / info.batches) * width);
  const eta = info.batch > 0 ? (info.seconds / info.batch) * (info.batches - info.batch) : NaN;
  const digits = String(info.batches).length;
  return `${epochTag(info.epoch, info.epochs)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(info.batch).padStart(digits)}/${info.batches} loss ${lossSoFar.toPrecision(4)} ETA ${formatSeconds(eta)}`;
}

/** `epoch 3/20 loss 0.01234 val_loss 0.01300 4.2s  * best` plus the stop reason on the last epoch (pure). */
export function epochLine(row: EpochRecord, info: EpochInfo): string {
  const parts = [
    epochTag(row.epoch, info.epochs), `loss ${row.loss.toPrecision(4)}`, `val_loss ${row.val_loss.toPrecision(4)}`,
    `${row.seconds.toFixed(1)}s`, info.decision.best ? '* best' : '',
  ];
  const line = parts.filter(Boolean).join(' ');
  return info.decision.stop ? `${line}\nstopping: ${info.decision.reason}` : line;
}

const epochTag = (epoch: number, epochs: number) => `epoch ${String(epoch).padStart(String(epochs).length)}/${epochs}`;

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}

/** Train vs validation loss per epoch, log scale (pure). */
export function trainingLossChart(history: readonly EpochRecord[], opts: { title?: string } = {}): TopLevelSpec {
  const x = history.map((h) => h.epoch);
  const positive = (v: number) => Math.max(v, 1e-12); // a log axis cannot show 0
  return lineChart(
    [
      { name: 'train', x, y: history.map((h) => positive(h.loss)) },
      { name: 'validation', x, y: history.map((h) => positive(h.val_loss)) },
    ],
    { title: opts.title ?? 'Training loss', xTitle: 'epoch', yTitle: 'loss (log scale)', logY: true, points: true },
  );
}

/**
 * A notebook chart of train vs validation loss redrawn after every epoch: pass its `onEpoch` to
 * `trainAutoencoder` (or `trainStage`). Outside a tslab kernel it does nothing.
 */
export async function liveTrainingChart(opts: { title?: string } = {}): Promise<{ chart: LiveChart; onEpoch: NonNullable<TrainingCallbacks['onEpoch']> }> {
  const chart = await showLive();
  return {
    chart,
    onEpoch: async (_row, info) => chart.update(trainingLossChart(info.history, opts)),
  };
}

/** Call several callback sets in turn (e.g. a terminal bar and a live chart). */
export function combineCallbacks(...sets: (TrainingCallbacks | undefined)[]): TrainingCallbacks {
  const list = sets.filter((s): s is TrainingCallbacks => s !== undefined);
  return {
    onBatch: list.some((s) => s.onBatch) ? (info) => list.forEach((s) => s.onBatch?.(info)) : undefined,
    onEpoch: list.some((s) => s.onEpoch)
      ? async (row, info) => {
        for (const s of list) await s.onEpoch?.(row, info);
      }
      : undefined,
  };
}
