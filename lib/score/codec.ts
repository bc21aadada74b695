/**
 * A codec turns raw input records (cells by column name) into the feature rows a run's detector was
 * trained on, with the run's own fitted preprocessing (one codec per pipeline: codecs/*.ts). It checks
 * a source's header (missing columns: a UsageError naming them), the types of its first rows (text in
 * a numeric column: a UsageError naming the column, line and value), and afterwards reports bad rows
 * as malformed (line number and reason) instead of stopping.
 */
import { UsageError } from '../run/errors';
import type { CsvRecord } from './csv';
import type { RowMeta } from './windower';

/** Where each column a codec reads sits in a source's records. */
export interface Binding {
  source: string;
  /** Index of the source among the run's inputs (batch files), 0 for a live source. */
  sourceIndex: number;
  /** Cells a record of this source must have (its header's width). */
  width: number;
  /** Column name → cell index (−1 when absent). */
  at: (name: string) => number;
}

export interface Malformed {
  line: number;
  reason: string;
}

/** Encoded rows of one chunk: features `[n, F]`, their meta and group keys; rows that failed are left out (in `bad`). */
export interface EncodedRows {
  n: number;
  features: Float32Array;
  meta: RowMeta[];
  groups: string[] | null;
}

export interface RowCodec {
  /** Features per row. */
  readonly F: number;
  /** Columns every input must have. */
  readonly required: readonly string[];
  /** Columns used when present (labels, times). */
  readonly optional: readonly string[];
  /** Names the output gives the label (e.g. the run's label column), or null when the input has none. */
  labelColumn(b: Binding): string | null;
  /** A UsageError when text sits where numbers are due among these (the first) records. */
  checkTypes(records: readonly CsvRecord[], b: Binding): void;
  /** Encode records (`arrival`: when they arrived, performance.now() ms); bad ones go to `bad`. */
  encode(records: readonly CsvRecord[], b: Binding, arrival: number, bad: Malformed[]): EncodedRows;
  /** Counts for the summary: unknown categories per column, unparsable cells, unseen labels, … */
  counts(): Record<string, unknown>;
}

/** Bind a source's header; a UsageError lists every required column it lacks. */
export function bindHeader(header: readonly string[], source: string, codec: Pick<RowCodec, 'required'>, sourceIndex = 0): Binding {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i);
  });
  const missing = codec.required.filter((c) => !index.has(c));
  if (missing.length) {
    const shown = missing.slice(0, 12).map((c) => `"${c}"`).join(', ') + (missing.length > 12 ? `, … (${missing.length} in all)` : '');
    throw new UsageError(`${source}: missing column${missing.length > 1 ? 's' : ''} ${shown}: the run's detector was trained on them (its header has ${header.length} columns: ${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''})`);
  }
  return { source, sourceIndex, width: header.length, at: (name) => index.get(name) ?? -1 };
}

/** The record's cell count against the header's: a reason when they differ. */
export function widthProblem(r: CsvRecord, b: Binding): string | null {
  return r.cells.length === b.width ? null : `expected ${b.width} fields (the header's), got ${r.cells.length}`;
}

/** Counter of values by key (unknown categories per column, …). */
export class Tally {
  readonly counts: Record<string, number> = {};
  add(key: string, n = 1): void {
    if (n) this.counts[key] = (this.counts[key] ?? 0) + n;
  }
}
