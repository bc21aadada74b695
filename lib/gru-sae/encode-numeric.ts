/**
 * Numeric columns before scaling: optional signed log1p (heavy-tailed counts and sizes), then
 * non-finite values (null, NaN, ±Infinity) become 0 and are counted, so the scaler always fits.
 */

/** sign(x)·log1p(|x|): monotone, symmetric, finite for finite x. */
export function signedLog1p(x: number): number {
  return x < 0 ? -Math.log1p(-x) : Math.log1p(x);
}

/** Row-major [n, columns.length] float64 matrix of prepared numeric values and the count of cells set to 0. */
export function prepareNumeric(columns: readonly Float64Array[], opts: { log: boolean; nRows: number }): { data: Float64Array; nonFinite: number } {
  const f = columns.length;
  const n = opts.nRows;
  columns.forEach((c, j) => {
    if (c.length !== n) throw new Error(`prepareNumeric: column ${j} has ${c.length} values, expected ${n}`);
  });
  const data = new Float64Array(n * f);
  let nonFinite = 0;
  for (let j = 0; j < f; j++) {
    const col = columns[j];
    for (let i = 0; i < n; i++) {
      let v = col[i];
      if (!Number.isFinite(v)) {
        nonFinite++;
        v = 0;
      } else if (opts.log) v = signedLog1p(v);
      data[i * f + j] = v;
    }
  }
  return { data, nonFinite };
}
