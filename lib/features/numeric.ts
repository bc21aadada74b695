/**
 * Numeric columns before scaling: the signed log sign(x)·log1p|x| that tames heavy-tailed counts
 * and sizes (GRU-SAE, NIDS and the quickstart all use this one function), and `prepareNumeric`,
 * which turns non-finite values (null, NaN, ±Infinity) into 0, counts them, and logs the rest, so
 * the scaler always fits.
 */

/**
 * sign(x)·log1p(|x|): monotone, symmetric, finite for finite x. Bit for bit Math.sign(x) *
 * Math.log1p(Math.abs(x)) for every double, ±0, ±Infinity and NaN included.
 */
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
