/** Any array-like of numbers: number[], Float64Array, Float32Array, Uint8Array, … */
export type Numbers = ArrayLike<number>;

/** Throw unless `a` and `b` have the same, non-zero length. `fn` names the caller in the message. */
export function checkSameLength(fn: string, a: Numbers, b: Numbers, names: [string, string] = ['labels', 'scores']): void {
  if (a.length !== b.length) throw new Error(`${fn}: ${names[0]} has length ${a.length} but ${names[1]} has length ${b.length}`);
  if (a.length === 0) throw new Error(`${fn}: empty input (no ${names[0]})`);
}

/** Throw unless every label is 0 or 1, naming the first offender. */
export function checkBinaryLabels(fn: string, labels: Numbers): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v !== 0 && v !== 1) throw new Error(`${fn}: labels must be 0 or 1, got ${v} at index ${i}`);
  }
}

/** Throw unless every score is a finite number, naming the first offender. */
export function checkFiniteScores(fn: string, scores: Numbers, name = 'scores'): void {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new Error(`${fn}: ${name} must be finite numbers, got ${scores[i]} at index ${i}`);
  }
}

/** Number of 1-labels. */
export function countPositives(labels: Numbers): number {
  let p = 0;
  for (let i = 0; i < labels.length; i++) p += labels[i];
  return p;
}

/** Throw when the labels hold a single class: the metric is undefined then (scikit-learn raises too). */
export function checkBothClasses(fn: string, labels: Numbers): void {
  const p = countPositives(labels);
  if (p === 0 || p === labels.length) {
    throw new Error(`${fn}: labels hold only class ${p === 0 ? 0 : 1} (${labels.length} samples); the metric needs both 0 and 1`);
  }
}

/** The checks every binary (labels, scores) metric starts with. */
export function checkBinaryInputs(fn: string, labels: Numbers, scores: Numbers): void {
  checkSameLength(fn, labels, scores);
  checkBinaryLabels(fn, labels);
  checkFiniteScores(fn, scores);
}

/** Throw unless every value of a 0/1 mask named `name` (e.g. 'predictions') is 0 or 1, naming the first offender. */
export function checkBinaryMask(fn: string, values: Numbers, name: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== 0 && v !== 1) throw new Error(`${fn}: ${name} must be 0 or 1, got ${v} at index ${i}`);
  }
}
