/** Half-open index ranges [start, end) of a time-ordered train / validation / test split. */
export interface TimeSplit {
  train: [number, number];
  val: [number, number];
  test: [number, number];
}

/**
 * Split n time-ordered rows into consecutive train / val / test blocks (e.g. 0.7 / 0.15 / rest).
 * Done before anything is fitted, so no statistic of later data leaks into training.
 */
export function timeOrderedSplit(n: number, fractions: { train: number; val: number }): TimeSplit {
  const { train, val } = fractions;
  if (!(train > 0 && val > 0 && train + val < 1)) {
    throw new Error(`timeOrderedSplit: need train > 0, val > 0 and train + val < 1, got train=${train}, val=${val}`);
  }
  const [a, b] = fractionCuts(n, fractions);
  if (a === 0 || b === a || b === n) throw new Error(`timeOrderedSplit: ${n} rows leave an empty split (train ${a}, val ${b - a}, test ${n - b}); use more data`);
  return { train: [0, a], val: [a, b], test: [b, n] };
}

/** Where leading fractions cut n ordered items: train is [0, a), val [a, b), test [b, n). No checks. */
export function fractionCuts(n: number, fractions: { train: number; val: number }): [number, number] {
  return [Math.floor(n * fractions.train), Math.floor(n * (fractions.train + fractions.val))];
}
