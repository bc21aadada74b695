import { isPlainObject } from '../config/merge';
import type { Notebook } from './nbformat';
import { TRACKED_MIME, type TrackedValue } from './track';

// The executor's side of tracking (pure): gather a notebook's TRACKED_MIME outputs and the timings
// the executor measured into one flat record per notebook.

/** The flat record of one notebook run, written beside its executed copy as `<name>.tracked.json`. */
export interface TrackedRecord {
  format: 1;
  /** The notebook's key in a baseline: its path under notebooks/ (else its file name), as its executed copy. */
  notebook: string;
  status: string;
  preset: string;
  /** key → value, keys sorted: the notebook's `track` calls, then `seconds.*` measured by the executor. */
  values: Record<string, TrackedValue>;
  context: Record<string, string>;
  /** Problems with the notebook's tracked outputs (a malformed payload, a key tracked twice with two values). */
  problems: string[];
}

/** What the executor measured, in seconds. */
export interface Timings {
  total: number;
  kernelStart: number;
  /** Per executed code cell: its 1-based position among all cells, and seconds. */
  cells: Array<{ cellNumber: number; seconds: number }>;
}

/** Collect every TRACKED_MIME output of an executed notebook, in cell order; later values of a key win. */
export function collectTracked(nb: Notebook): Pick<TrackedRecord, 'values' | 'context' | 'problems'> {
  const values: Record<string, TrackedValue> = {};
  const context: Record<string, string> = {};
  const problems: string[] = [];
  nb.cells.forEach((cell, i) => {
    for (const out of cell.outputs ?? []) {
      if (!('data' in out) || !(TRACKED_MIME in out.data)) continue;
      const p = out.data[TRACKED_MIME];
      const payload = isPlainObject(p) ? p : {};
      const vals = isPlainObject(payload.values) ? payload.values : null;
      if (!vals) {
        problems.push(`cell ${i + 1}: ${TRACKED_MIME} output is not {"values": {…}}`);
        continue;
      }
      for (const [k, v] of Object.entries(vals)) {
        if (v !== null && typeof v !== 'number') {
          problems.push(`cell ${i + 1}: tracked "${k}" is not a number`);
          continue;
        }
        if (k in values && values[k] !== v) problems.push(`cell ${i + 1}: "${k}" tracked again with another value (${values[k]} → ${v}); the later one is kept`);
        values[k] = v;
      }
      if (isPlainObject(payload.context)) for (const [k, v] of Object.entries(payload.context)) context[k] = String(v);
    }
  });
  return { values, context, problems };
}

/** The executor's own timings as tracked values: `seconds.total`, `seconds.kernel_start`, `seconds.cell.<n>`. */
export function timingValues(t: Timings): Record<string, number> {
  const round = (s: number) => Math.round(s * 1000) / 1000;
  const out: Record<string, number> = { 'seconds.total': round(t.total), 'seconds.kernel_start': round(t.kernelStart) };
  for (const c of t.cells) out[`seconds.cell.${c.cellNumber}`] = round(c.seconds);
  return out;
}

/** One notebook's record: tracked outputs plus timings, keys sorted. */
export function trackedRecord(
  nb: Notebook,
  info: { notebook: string; status: string; preset: string; timings: Timings },
): TrackedRecord {
  const got = collectTracked(nb);
  const merged = { ...got.values, ...timingValues(info.timings) };
  const values: Record<string, TrackedValue> = {};
  for (const k of Object.keys(merged).sort()) values[k] = merged[k];
  return { format: 1, notebook: info.notebook, status: info.status, preset: info.preset, values, context: got.context, problems: got.problems };
}
