import { createRng } from '../../random';
import type { L1Data } from './data';

export interface SyntheticMetricsOptions {
  trainRows?: number;
  testRows?: number;
  features?: number;
  /** Attack events in the test series as [start, end) rows. */
  events?: [number, number][];
  seed?: number;
}

/**
 * A small server-metrics-like series for tests and for the notebooks when ../shared/data is absent: per
 * feature a sine of its own period plus noise; inside test events alternate features shift by ±2.5.
 */
export function syntheticL1Data(opts: SyntheticMetricsOptions = {}): L1Data {
  const F = opts.features ?? 4;
  const testRows = opts.testRows ?? 700;
  const events = opts.events ?? [[120, 150], [400, 440], [560, 580]];
  const rng = createRng(opts.seed ?? 8);
  const series = (n: number, withEvents: boolean) => {
    const data = new Float32Array(n * F);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const attack = withEvents && events.some(([a, b]) => i >= a && i < b);
      labels[i] = attack ? 1 : 0;
      for (let j = 0; j < F; j++) data[i * F + j] = Math.sin(i / (5 + j)) + 0.1 * rng.normal() + (attack ? 2.5 * (j % 2 ? 1 : -1) : 0);
    }
    return { data, labels };
  };
  const train = series(opts.trainRows ?? 900, false);
  const test = series(testRows, true);
  const names = Array.from({ length: F }, (_, j) => `f${j}`);
  return {
    train: { data: train.data, rows: train.labels.length, names, file: 'synthetic' },
    test: { data: test.data, rows: testRows, names, file: 'synthetic' },
    labels: test.labels,
    sources: { train: 'synthetic', test: 'synthetic', labels: 'synthetic' },
  };
}

/** `[rows, F]` as header-less CSV text (the SMD layout). */
export function toCsv(data: Float32Array | Uint8Array, F: number): string {
  const lines: string[] = [];
  for (let i = 0; i < data.length / F; i++) lines.push(Array.from(data.subarray(i * F, (i + 1) * F), (v) => String(Number(v.toFixed(5)))).join(','));
  return `${lines.join('\n')}\n`;
}
