/**
 * Samples → rows `[n, d]` for the detectors that see one vector per sample (PCA, isolation forest):
 * rows as they are; windows `[T, F]` flattened (d = T·F) or summarised per feature (mean, population
 * std, last value: d = 3F). `auto` flattens when T·F ≤ 512 (lib/baselines/windows.ts).
 */
import { flattenWindows, summariseWindows, windowRepresentation, type Rows } from '../baselines';
import { range, readRange, type Samples } from './samples';

export type Representation = 'auto' | 'flatten' | 'summarise';

/** The representation `auto` resolves to for samples of this shape. */
export function resolveRepresentation(rep: Representation, shape: readonly number[]): 'flatten' | 'summarise' {
  if (shape.length === 1) return 'flatten';
  if (shape.length !== 2) throw new Error(`rows: samples must be rows [d] or windows [T, F], got shape [${shape}]`);
  if (rep === 'auto') return windowRepresentation(shape[0], shape[1]) === 'flatten' ? 'flatten' : 'summarise';
  if (rep !== 'flatten' && rep !== 'summarise') throw new Error(`representation must be "auto", "flatten" or "summarise", got "${String(rep)}"`);
  return rep;
}

/** All samples as rows in the given representation. */
export function toRows(x: Samples, rep: 'flatten' | 'summarise'): Rows {
  if (x.shape.length === 1) {
    const a = readRange(x, 0, x.n);
    return { data: a.data, shape: [x.n, x.shape[0]] };
  }
  const [T, F] = x.shape;
  if (rep === 'summarise' && x.summaries) return { data: x.summaries(range(0, x.n)), shape: [x.n, 3 * F] };
  const windows = readRange(x, 0, x.n);
  const w = { data: windows.data, shape: [x.n, T, F] };
  return rep === 'flatten' ? flattenWindows(w) : summariseWindows(w);
}
