/**
 * Input checks shared by the clustering functions: a flat row-major matrix `[n, dims]` of finite
 * numbers, copied to Float64Array so every kernel computes distances in one precision and one order.
 */

/** Points as the clustering functions take them: row-major `[n, dims]`. */
export type Points = Float32Array | Float64Array;

/** Throw unless `points` is a Float32Array/Float64Array of finite values forming rows of `dims`; returns n. */
export function checkPoints(fn: string, points: Points, dims: number): number {
  if (!(points instanceof Float32Array || points instanceof Float64Array)) throw new Error(`${fn}: points must be a Float32Array or Float64Array (row-major [n, dims])`);
  if (!(Number.isInteger(dims) && dims > 0)) throw new Error(`${fn}: dims must be a positive integer, got ${dims}`);
  if (points.length % dims !== 0) throw new Error(`${fn}: ${points.length} values do not form rows of ${dims} (dims)`);
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i])) throw new Error(`${fn}: non-finite value ${points[i]} at row ${Math.floor(i / dims)}, feature ${i % dims}`);
  }
  return points.length / dims;
}

/** Throw when `opts` has a key outside `known` (a typo would otherwise silently use the default). */
export function checkKeys(fn: string, opts: object, known: readonly string[]): void {
  for (const key of Object.keys(opts)) {
    if (!known.includes(key)) throw new Error(`${fn}: unknown option "${key}" (known: ${known.join(', ')})`);
  }
}

/** Throw unless `v` is an integer ≥ `min`. */
export function checkInt(fn: string, name: string, v: unknown, min: number): number {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= min)) throw new Error(`${fn}: ${name} must be an integer ≥ ${min}, got ${String(v)}`);
  return v;
}

/** The points as a Float64Array: the array itself when it already is one (kernels only read it), else a copy. */
export function asFloat64(points: Points): Float64Array {
  return points instanceof Float64Array ? points : Float64Array.from(points);
}
