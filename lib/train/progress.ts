import { historyChart, showLive, type HistoryChartOptions, type LiveChart } from '../viz';
import type { BatchInfo, EpochInfo, EpochRecord, TrainingCallbacks } from './types';

export type { TrainingCallbacks };

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
  /** Write a line per epoch; default true. False: the bar only (a caller that prints its own epoch lines). */
  epochLines?: boolean;
}

/**
 * Training progress for a terminal, for any caller of the training loop: on a TTY a bar redrawn in
 * place (batches done/total, loss so far, ETA), finished by one line per epoch; elsewhere (pipes,
 * logs, CI) only the line per epoch. The loss so far costs a device sync, so it is read only when the
 * bar is redrawn.
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
      if (opts.epochLines === false) {
        if (tty) stream.write('\r\x1b[K'); // clear the bar; the caller prints the epoch
        return;
      }
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

/** `epoch 3/20 loss 0.01234 val_loss 0.01300 4.2s * best` (accuracies too when the row has them) plus the stop reason on the last epoch (pure). */
export function epochLine(row: EpochRecord, info: EpochInfo): string {
  const parts = [
    epochTag(row.epoch, info.epochs), `loss ${row.loss.toPrecision(4)}`, `val_loss ${row.val_loss.toPrecision(4)}`,
    row.accuracy === undefined ? '' : `accuracy ${row.accuracy.toFixed(4)}`,
    row.val_accuracy === undefined ? '' : `val_accuracy ${row.val_accuracy.toFixed(4)}`,
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

/**
 * A notebook chart of the training history (lib/viz historyChart) redrawn after every epoch: pass its
 * `onEpoch` to any training call (`trainAutoencoder`, `trainStage`, `trainNids`). Outside a tslab kernel it does nothing.
 */
export async function liveTrainingChart(opts: HistoryChartOptions = {}): Promise<{ chart: LiveChart; onEpoch: NonNullable<TrainingCallbacks['onEpoch']> }> {
  const chart = await showLive();
  return {
    chart,
    onEpoch: async (_row, info) => chart.update(historyChart(info.history, opts)),
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
