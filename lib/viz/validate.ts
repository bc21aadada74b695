/** Numeric input accepted everywhere: plain arrays or typed arrays (e.g. a polars column's Float64Array). */
export type Numbers = ArrayLike<number>;

/** Throw unless every value is a finite number; `what` names the series/field in the message. */
export function checkFinite(what: string, values: Numbers): void {
  if (values == null || typeof values.length !== 'number') throw new Error(`${what}: expected an array of numbers, got ${typeof values}`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${what}: value at index ${i} is not a finite number (${String(v)})`);
  }
}

/** Throw unless `values` has `n` entries. */
export function checkLength(what: string, values: ArrayLike<unknown>, n: number, against: string): void {
  if (values.length !== n) throw new Error(`${what} has length ${values.length} but ${against} has length ${n}`);
}

/** Throw unless every value is > 0 (a log scale cannot show zero or negatives). */
export function checkPositive(what: string, values: Numbers): void {
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] > 0)) throw new Error(`${what}: value at index ${i} is ${values[i]}; a log scale needs values > 0`);
  }
}

/** Throw unless every value lies in [lo, hi]. */
export function checkRange(what: string, values: Numbers, lo: number, hi: number): void {
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo || values[i] > hi) throw new Error(`${what}: value at index ${i} is ${values[i]}, outside [${lo}, ${hi}]`);
  }
}

/** Throw unless the option is an integer >= min. */
export function checkInt(what: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new Error(`${what} must be an integer >= ${min}, got ${v}`);
}
