/**
 * One-hot encoding of a categorical column: the most frequent training categories get a column
 * each; everything else (rare values, and values first seen in validation or test) shares one
 * "unknown" column, so new data never changes the width. Feature names are `<col>=<value>` and
 * `<col>=<unknown>` for every pipeline (GRU-SAE and NIDS).
 */
import { stringsFromJSON } from './json';

/** Label of the shared bucket in feature names (`EventID=<unknown>`). */
export const UNKNOWN_CATEGORY = '<unknown>';

export interface OneHotOptions {
  /** Keep the top this many values by training count (ties by value). */
  maxCategories: number;
  /**
   * Column order of the kept values: 'count' (most frequent first; GRU-SAE) or 'value' (sorted by
   * value; NIDS). Default 'count'.
   */
  order?: 'count' | 'value';
}

/** Top `maxCategories` values by training count, ties by value, in the column order `opts.order`. */
export function fitOneHot(values: readonly string[], opts: OneHotOptions): string[] {
  if (!(Number.isInteger(opts.maxCategories) && opts.maxCategories > 0)) throw new Error(`fitOneHot: maxCategories must be a positive integer, got ${opts.maxCategories}`);
  if (values.length === 0) throw new Error('fitOneHot: no training values');
  const order = opts.order ?? 'count';
  if (order !== 'count' && order !== 'value') throw new Error(`fitOneHot: order must be 'count' or 'value', got "${String(order)}"`);
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, opts.maxCategories)
    .map(([v]) => v);
  return order === 'value' ? top.sort() : top;
}

/** Column of each value within the block: its category's position, or categories.length for unknown. */
export function oneHotCodes(values: readonly string[], categories: readonly string[]): Int32Array {
  const index = new Map(categories.map((c, j) => [c, j]));
  const unknown = categories.length;
  return Int32Array.from(values, (v) => index.get(v) ?? unknown);
}

/** Feature names of one column's block: `col=value` per category, then `col=<unknown>`. */
export function oneHotNames(column: string, categories: readonly string[]): string[] {
  return [...categories.map((c) => `${column}=${c}`), `${column}=${UNKNOWN_CATEGORY}`];
}

/** JSON form of fitted categories (a copy: the list is the whole state). */
export function oneHotToJSON(categories: readonly string[]): string[] {
  return categories.slice();
}

/** Fitted categories from JSON: a list of distinct strings. */
export function oneHotFromJSON(json: unknown, where = 'one-hot categories'): string[] {
  return stringsFromJSON(json, where, { distinct: true });
}
