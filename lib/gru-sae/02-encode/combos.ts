/**
 * Combination counts: for each configured tuple of columns (e.g. EventID + Image, ParentImage + Image),
 * `<a>+<b>.log_count` = log1p(how often this row's tuple of values occurred among the BENIGN training
 * rows), standardised with the training mean/scale of that same feature.
 *
 * Why: one-hot and TF-IDF features describe each column on its own, and an autoencoder reconstructs a
 * new combination of familiar values (rundll32.exe, which benign hosts run, making a network connection,
 * which benign hosts do) as easily as a familiar one. EDR practice scores exactly these pairs (rare
 * parent → child process, a process that never talks to the network doing so); this block makes the
 * pair's rarity an input. Counts come from benign training rows only (the label is known there, as for
 * choosing the autoencoder's benign training windows): counting attack rows of the training campaigns
 * would teach that their implant's pairs are common.
 */
import { fitStandardScaler, transformStandard, type StandardScaler } from '../../features';

export interface CombinationCounts {
  /** Column tuples, each of two or more columns. */
  tuples: string[][];
  /** Per tuple: JSON.stringify(values) → count among benign training rows. */
  counts: Record<string, number>[];
  /** Training mean/scale of the log counts (over all training rows). */
  scaler: StandardScaler;
}

/** A standardised log count beyond ±this is clipped (a tuple that never varied would otherwise explode). */
const CLIP = 20;

/** Feature names, one per tuple: `EventID+Image.log_count`. */
export function combinationNames(tuples: readonly string[][]): string[] {
  return tuples.map((t) => `${t.join('+')}.log_count`);
}

/**
 * Check the configured tuples: each a list of ≥ 2 distinct column names from `available`. Messages start
 * with `where` (e.g. "encoding.combination_counts") and call the columns `what`.
 */
export function checkCombinationTuples(tuples: unknown, available: readonly string[], where: string, what = 'a column of the table'): string[][] {
  if (!Array.isArray(tuples)) throw new Error(`${where} must be a list of column lists, e.g. [["EventID", "Image"]], got ${JSON.stringify(tuples)}`);
  return tuples.map((t, i) => {
    if (!Array.isArray(t) || t.length < 2 || t.some((c) => typeof c !== 'string') || new Set(t).size !== t.length) {
      throw new Error(`${where}[${i}] must list two or more distinct column names, got ${JSON.stringify(t)}`);
    }
    const missing = t.filter((c) => !available.includes(c));
    if (missing.length) throw new Error(`${where}[${i}] names ${missing.map((c) => `"${c}"`).join(', ')}, not ${what} (have: ${available.join(', ')})`);
    return t as string[];
  });
}

function keys(columns: readonly (readonly string[])[], n: number): string[] {
  return Array.from({ length: n }, (_, i) => JSON.stringify(columns.map((c) => c[i])));
}

function logCounts(counts: readonly Record<string, number>[], keyed: readonly string[][], n: number): Float64Array {
  const m = counts.length;
  const out = new Float64Array(n * m);
  for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) out[i * m + j] = Math.log1p(counts[j][keyed[j][i]] ?? 0);
  return out;
}

/**
 * Count each tuple's values over the rows where `benign[i]` is 1 (all rows when `benign` is absent)
 * and fit the scaler of the log counts on all the given (training) rows.
 * `column(name)` returns a column's values as strings.
 */
export function fitCombinationCounts(tuples: string[][], column: (name: string) => readonly string[], n: number, benign?: Uint8Array): CombinationCounts {
  if (benign && benign.length !== n) throw new Error(`fitCombinationCounts: benign mask has ${benign.length} rows, expected ${n}`);
  const keyed = tuples.map((t) => keys(t.map(column), n));
  const counts = keyed.map((k) => {
    const c = new Map<string, number>();
    for (let i = 0; i < n; i++) if (!benign || benign[i]) c.set(k[i], (c.get(k[i]) ?? 0) + 1);
    return Object.fromEntries(c);
  });
  const scaler = fitStandardScaler(logCounts(counts, keyed, n), tuples.length);
  return { tuples, counts, scaler };
}

/** Standardised log counts [n, tuples] row-major for rows given by `column`. */
export function transformCombinationCounts(state: CombinationCounts, column: (name: string) => readonly string[], n: number): Float32Array {
  const keyed = state.tuples.map((t) => keys(t.map(column), n));
  return transformStandard(logCounts(state.counts, keyed, n), state.scaler, { clip: CLIP });
}
