/**
 * Multi-class point-wise metrics, numerically sklearn's classification_report(output_dict=True,
 * zero_division=0, labels=range(k)) and confusion_matrix. Classes are integer indices 0..k−1 named by
 * `classNames`. A class absent from yTrue has support 0 and recall 0; a class never predicted has
 * precision 0; both still count in the macro average (as in sklearn). Never throws for a missing class.
 * When a class occurs in neither array sklearn 1.2 names its accuracy row 'micro avg'; the value is the same.
 */
import type { Numbers } from './validate';
import { checkSameLength } from './validate';

/** Per-class (or averaged) scores; support = number of true samples. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** sklearn's report dict, typed: per-class rows in index order, accuracy, macro and weighted averages. */
export interface ClassificationReport {
  classes: Array<ClassScores & { name: string }>;
  accuracy: number;
  macroAvg: ClassScores;
  weightedAvg: ClassScores;
}

/** Confusion counts: matrix[trueClass][predictedClass] (sklearn orientation), with the class names. */
export interface MulticlassConfusion {
  matrix: number[][];
  classNames: string[];
}

function checkClassIndices(fn: string, name: string, v: Numbers, k: number): void {
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (!Number.isInteger(c) || c < 0 || c >= k) {
      throw new Error(`${fn}: ${name} must be integer class indices in [0, ${k}), got ${c} at index ${i}`);
    }
  }
}

function checkClassNames(fn: string, names: string[]): void {
  if (!Array.isArray(names) || names.length === 0) throw new Error(`${fn}: classNames must be a non-empty array of strings`);
  const seen = new Set<string>();
  for (const n of names) {
    if (typeof n !== 'string') throw new Error(`${fn}: classNames must be strings, got ${String(n)}`);
    if (seen.has(n)) throw new Error(`${fn}: duplicate class name "${n}"`);
    seen.add(n);
  }
}

function confusionKernel(yTrue: Numbers, yPred: Numbers, k: number): number[][] {
  const m: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  return m;
}

/**
 * sklearn confusion_matrix(yTrue, yPred, labels=range(k)); `classes` is k or the k names ('0'..'k−1' when a number).
 * Example: multiclassConfusion([0,1,2,2],[0,2,2,1],3).matrix → [[1,0,0],[0,0,1],[0,1,1]].
 */
export function multiclassConfusion(yTrue: Numbers, yPred: Numbers, classes: number | string[]): MulticlassConfusion {
  const fn = 'multiclassConfusion';
  let classNames: string[];
  if (typeof classes === 'number') {
    if (!Number.isInteger(classes) || classes < 1) throw new Error(`${fn}: nClasses must be a positive integer, got ${classes}`);
    classNames = Array.from({ length: classes }, (_, i) => String(i));
  } else {
    checkClassNames(fn, classes);
    classNames = classes.slice();
  }
  const k = classNames.length;
  checkSameLength(fn, yTrue, yPred, ['yTrue', 'yPred']);
  checkClassIndices(fn, 'yTrue', yTrue, k);
  checkClassIndices(fn, 'yPred', yPred, k);
  return { matrix: confusionKernel(yTrue, yPred, k), classNames };
}

/**
 * sklearn classification_report(output_dict=True, zero_division=0) with labels=range(classNames.length).
 * Example: classificationReport([0,1,2,2],[0,2,2,1],['a','b','c']) → accuracy 0.5, 'c' precision 0.5 recall 0.5, macroAvg.f1 0.5.
 */
export function classificationReport(yTrue: Numbers, yPred: Numbers, classNames: string[]): ClassificationReport {
  const fn = 'classificationReport';
  checkClassNames(fn, classNames);
  const k = classNames.length;
  checkSameLength(fn, yTrue, yPred, ['yTrue', 'yPred']);
  checkClassIndices(fn, 'yTrue', yTrue, k);
  checkClassIndices(fn, 'yPred', yPred, k);
  const m = confusionKernel(yTrue, yPred, k);
  const n = yTrue.length;
  const classes: ClassificationReport['classes'] = [];
  let correct = 0;
  for (let c = 0; c < k; c++) {
    const tp = m[c][c];
    correct += tp;
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) { support += m[c][j]; predicted += m[j][c]; }
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const denom = precision + recall;
    classes.push({ name: classNames[c], precision, recall, f1: denom === 0 ? 0 : (2 * precision * recall) / denom, support });
  }
  const avg = (weighted: boolean): ClassScores => {
    let p = 0, r = 0, f = 0, w = 0;
    for (const s of classes) {
      const wt = weighted ? s.support : 1;
      p += wt * s.precision; r += wt * s.recall; f += wt * s.f1; w += wt;
    }
    return { precision: p / w, recall: r / w, f1: f / w, support: n };
  };
  return { classes, accuracy: correct / n, macroAvg: avg(false), weightedAvg: avg(true) };
}
