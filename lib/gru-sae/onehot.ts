/**
 * One-hot encoding of a categorical column: the most frequent training categories get a column
 * each; everything else (rare values, and values first seen in validation or test) shares one
 * "unknown" column, so new data never changes the width.
 */

/** Label of the shared bucket in feature names (`EventID=<unknown>`). */
export const UNKNOWN_CATEGORY = '<unknown>';

/** Top `maxCategories` values by training count, ties by value; this order is the column order. */
export function fitOneHot(values: readonly string[], opts: { maxCategories: number }): string[] {
  if (!(Number.isInteger(opts.maxCategories) && opts.maxCategories > 0)) throw new Error(`fitOneHot: maxCategories must be a positive integer, got ${opts.maxCategories}`);
  if (values.length === 0) throw new Error('fitOneHot: no training values');
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, opts.maxCategories)
    .map(([v]) => v);
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
