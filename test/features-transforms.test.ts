import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  csrMulDense, csrTMulDense, fitOneHot, fitRandomizedSvd, fitStandardScaler, fitStandardScalerColumns, fitTfidf, hstackCsr, oneHotCodes, oneHotFromJSON,
  oneHotNames, oneHotToJSON, scalerFromJSON, scalerToJSON, signedLog1p, standardScore, svdFromJSON, svdToJSON, svdTransform, tfidfFromJSON, tfidfToJSON,
  tokenize, tokenRegex, transformStandard, transformTfidf, type SvdModel,
} from '../lib/features';
import { GRU_SAE_DEFAULTS } from '../lib/gru-sae/config';
import { jacobiSvdColumns, orthonormalize, toColumns } from '../lib/linalg';
import { createRng } from '../lib/random';
import { csrFromDense, dense } from './helpers';

const PATTERN = GRU_SAE_DEFAULTS.encoding.tfidf_token_pattern;
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('standard scaler: population statistics, constant features map to 0, clip', () => {
  const x = Float32Array.from([1, 5, 3, 5, 5, 5]); // rows [1,5],[3,5],[5,5]
  const s = fitStandardScaler(x, 2);
  assert.deepEqual(s.mean, [3, 5]);
  assert.ok(Math.abs(s.scale[0] - Math.sqrt(8 / 3)) < 1e-12);
  assert.equal(s.scale[1], 1);
  const z = transformStandard(Float32Array.from([3, 5, 100, 5]), s, { clip: 8 });
  assert.deepEqual(Array.from(z), [0, 0, 8, 0]);
  assert.throws(() => fitStandardScaler(Float32Array.from([1, NaN]), 2), /non-finite value NaN at row 0, feature 1/);
  assert.throws(() => fitStandardScaler(new Float32Array(0), 2), /no rows/);
  assert.throws(() => fitStandardScaler(Float32Array.from([1, 2, 3]), 2), /do not form rows/);
});

test('tokenize: lowercase, token pattern, repeats kept, short tokens dropped', () => {
  const re = tokenRegex(PATTERN);
  assert.deepEqual(tokenize('C:\\Windows\\System32\\cmd.exe /c X whoami whoami', re), ['c:', 'windows', 'system32', 'cmd.exe', 'whoami', 'whoami'].filter((t) => /^[a-z0-9_.$-]{2,}$/.test(t)));
  assert.deepEqual(tokenize('', re), []);
  assert.throws(() => tokenRegex('[unclosed'), /tfidf_token_pattern "\[unclosed" is not a valid regular expression/);
});

test('tf-idf: smooth idf and l2 rows by hand, equal to scikit-learn TfidfVectorizer(smooth_idf=True, norm="l2")', () => {
  const docs = ['The cat sat', 'the dog sat', 'the CAT cat x'];
  const m = fitTfidf(docs, { maxVocab: 300, pattern: PATTERN });
  assert.deepEqual(m.vocab, ['cat', 'dog', 'sat', 'the']);
  // idf = ln((1 + n) / (1 + df)) + 1 with n = 3: df cat 2, dog 1, sat 2, the 3.
  const byHand = [Math.log(4 / 3) + 1, Math.log(4 / 2) + 1, Math.log(4 / 3) + 1, 1];
  m.idf.forEach((v, j) => close(v, byHand[j]));
  const x = dense(transformTfidf(docs, m, PATTERN));
  const norm0 = Math.sqrt(2 * byHand[0] ** 2 + 1);
  close(x[0][0], byHand[0] / norm0);
  // scikit-learn 1.2.1 on the same corpus and token pattern:
  const sklearn = [
    [0.6198053799406072, 0, 0.6198053799406072, 0.48133416873660545],
    [0, 0.7203334490549893, 0.5478321549274363, 0.4254405389711991],
    [0.9321916852554909, 0, 0, 0.3619650009883935],
  ];
  sklearn.forEach((row, i) => row.forEach((v, j) => close(x[i][j], v, 1e-15)));
  const unseen = transformTfidf(['dog dog the zebra', ''], m, PATTERN);
  close(dense(unseen)[0][1], 0.95905587605771, 1e-15);
  close(dense(unseen)[0][3], 0.2832169249871526, 1e-15);
  assert.equal(unseen.indptr[2] - unseen.indptr[1], 0, 'a document without known terms is an empty row');
  // Cap: top 2 by document frequency (the 3; cat and sat tie at 2 → cat by term), columns alphabetical.
  assert.deepEqual(fitTfidf(docs, { maxVocab: 2, pattern: PATTERN }).vocab, ['cat', 'the']);
});

test('one-hot: top-k by training count, ties by value, unknown bucket for rare and unseen values', () => {
  const cats = fitOneHot(['b', 'a', 'b', 'c', 'a', 'd', 'b'], { maxCategories: 2 });
  assert.deepEqual(cats, ['b', 'a']);
  assert.deepEqual(Array.from(oneHotCodes(['a', 'b', 'c', 'new-in-test', ''], cats)), [1, 0, 2, 2, 2]);
  assert.deepEqual(oneHotNames('EventID', cats), ['EventID=b', 'EventID=a', 'EventID=<unknown>']);
  assert.deepEqual(fitOneHot(['x', 'y'], { maxCategories: 5 }), ['x', 'y']);
});

test('randomized SVD: exact low-rank input recovers singular values (rel. error < 1e-6) and subspace', () => {
  const rng = createRng(7);
  const n = 120;
  const d = 40;
  const rank = 5;
  const sigma = [50, 20, 8, 3, 0.5];
  const u = orthonormalize(Float64Array.from({ length: n * rank }, () => rng.normal()), n, rank);
  const v = orthonormalize(Float64Array.from({ length: d * rank }, () => rng.normal()), d, rank);
  const rows = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => sigma.reduce((acc, s, c) => acc + u[i * rank + c] * s * v[j * rank + c], 0)));
  const a = csrFromDense(rows);
  const m = fitRandomizedSvd(a, { components: rank, oversamples: 5, powerIterations: 1, seed: 3 });
  m.singularValues.forEach((s, c) => assert.ok(Math.abs(s - sigma[c]) / sigma[c] < 1e-6, `σ${c}: ${s} vs ${sigma[c]}`));
  for (let c = 0; c < rank; c++) {
    let dotp = 0;
    for (let j = 0; j < d; j++) dotp += m.components[c * d + j] * v[j * rank + c];
    close(Math.abs(dotp), 1, 1e-9);
  }
  // transform = X·Vᵀ: columns' norms are the singular values.
  const z = svdTransform(a, m);
  for (let c = 0; c < rank; c++) {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += z[i * rank + c] ** 2;
    close(Math.sqrt(ss), sigma[c], 1e-8 * sigma[0]);
  }
  // Same seed → same components; the fit is deterministic.
  assert.deepEqual(fitRandomizedSvd(a, { components: rank, oversamples: 5, powerIterations: 1, seed: 3 }).components, m.components);
});

test('randomized SVD on a sparse full-rank matrix matches a slow dense SVD on the leading values', () => {
  const rng = createRng(11);
  const n = 300;
  const d = 60;
  // TF-IDF-like: a few strong topics plus sparse noise.
  const rows = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => ((j % 6 === i % 6) && rng.bool(0.7) ? 1 + rng.next() : rng.bool(0.03) ? rng.next() : 0)));
  const a = csrFromDense(rows);
  const exact = jacobiSvdColumns(Array.from({ length: d }, (_, j) => Float64Array.from(rows, (r) => r[j]))).values; // dense reference
  const m = fitRandomizedSvd(a, { components: 4, oversamples: 10, powerIterations: 3, seed: 5 });
  m.singularValues.forEach((s, c) => assert.ok(Math.abs(s - exact[c]) / exact[c] < 1e-4, `σ${c}: ${s} vs ${exact[c]}`));
  // Components are orthonormal; explained variance ratios are in (0, 1] and sum below 1.
  for (let p = 0; p < 4; p++) for (let q = 0; q < 4; q++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += m.components[p * d + j] * m.components[q * d + j];
    close(s, p === q ? 1 : 0, 1e-10);
  }
  const total = m.explainedVarianceRatio.reduce((x, y) => x + y, 0);
  assert.ok(total > 0 && total <= 1 + 1e-12, `ratio sum ${total}`);
});

test('sparse helpers: hstack and both products agree with dense maths', () => {
  const a = csrFromDense([[1, 0], [0, 2], [3, 4]]);
  const b = csrFromDense([[0, 5, 0], [0, 0, 0], [6, 0, 7]]);
  const h = hstackCsr([a, b]);
  assert.deepEqual(dense(h), [[1, 0, 0, 5, 0], [0, 2, 0, 0, 0], [3, 4, 6, 0, 7]]);
  assert.deepEqual(Array.from(csrMulDense(a, Float64Array.from([1, 2, 3, 4]), 2)), [1, 2, 6, 8, 15, 22]);
  assert.deepEqual(Array.from(csrTMulDense(a, Float64Array.from([1, 1, 1]), 1)), [4, 6]);
  const q = orthonormalize(Float64Array.from([1, 1, 1, 2, 1, 3]), 3, 2);
  const cols = toColumns(q, 3, 2);
  close(cols[0].reduce((s, x, i) => s + x * cols[1][i], 0), 0, 1e-15);
});

/** Same doubles, bit for bit (Object.is: -0 ≠ 0), element by element. */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

/** Through JSON text and back, as a saved state would go. */
const viaText = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

test('scaler: fitting from columns is bit for bit the row-major fit; standardScore is the transform kernel', () => {
  const rng = createRng(12);
  const n = 257;
  const f = 5;
  const data = Float64Array.from({ length: n * f }, (_, i) => (i % f === 3 ? 7 : rng.normal() * 10 ** (i % f))); // feature 3 constant
  const cols = Array.from({ length: f }, (_, j) => Float64Array.from({ length: n }, (_, i) => data[i * f + j]));
  const a = fitStandardScaler(data, f);
  const b = fitStandardScalerColumns(cols);
  sameBits(b.mean, a.mean, 'mean');
  sameBits(b.scale, a.scale, 'scale');
  assert.equal(b.nSamples, a.nSamples);
  assert.equal(a.scale[3], 1, 'a constant feature gets scale 1');
  const z = transformStandard(data, a, { clip: 3 });
  for (let i = 0; i < data.length; i++) assert.ok(Object.is(z[i], Math.fround(standardScore(data[i], a.mean[i % f], a.scale[i % f], 3))));
  assert.equal(standardScore(100, 0, 1, 8), 8);
  assert.equal(standardScore(-100, 0, 1, Infinity), -100);
  assert.throws(() => fitStandardScalerColumns([Float64Array.from([1, 2]), Float64Array.from([1])]), /column 1 has 1 values, column 0 has 2/);
  assert.throws(() => fitStandardScalerColumns([Float64Array.from([1, Infinity])]), /non-finite value Infinity at row 1, feature 0/);
  assert.throws(() => fitStandardScalerColumns([new Float64Array(0)]), /no rows/);
});

test('signedLog1p is bit for bit Math.sign(x)·Math.log1p(|x|) (the NIDS and quickstart form), ±0, ±Infinity and NaN included', () => {
  const rng = createRng(13);
  const xs = [0, -0, 1, -1, 1e-300, -1e-300, 5e-324, -5e-324, 1e308, -1e308, Infinity, -Infinity, NaN, 0.5, -0.5, 2 ** 53, -(2 ** 53)];
  for (let i = 0; i < 2000; i++) xs.push(rng.normal() * 10 ** rng.int(-8, 12));
  for (const x of xs) assert.ok(Object.is(signedLog1p(x), Math.sign(x) * Math.log1p(Math.abs(x))), `x = ${x}`);
});

test('one-hot order "value": the NIDS column order (top-k by count, ties by value, then sorted), same as its former topValues', () => {
  // lib/nids/features.ts before the merge, verbatim:
  const topValues = (values: string[], k: number): string[] => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k).map((e) => e[0]).sort();
  };
  const rng = createRng(14);
  for (let trial = 0; trial < 200; trial++) {
    const alphabet = Array.from({ length: rng.int(1, 12) }, (_, i) => (rng.bool(0.5) ? String(i * 7) : `v${i}`));
    const values = Array.from({ length: rng.int(1, 60) }, () => rng.choice(alphabet));
    const k = rng.int(1, 8);
    assert.deepEqual(fitOneHot(values, { maxCategories: k, order: 'value' }), topValues(values, k));
  }
  assert.deepEqual(fitOneHot(['b', 'a', 'b', 'c', 'a', 'd', 'b'], { maxCategories: 2, order: 'value' }), ['a', 'b']);
  assert.throws(() => fitOneHot(['a'], { maxCategories: 1, order: 'alpha' as 'value' }), /order must be 'count' or 'value'/);
});

test('fitted states round-trip through JSON text bit for bit: scaler, one-hot, tf-idf, SVD (negative zero included)', () => {
  const rng = createRng(15);
  const data = Float64Array.from({ length: 40 * 3 }, () => rng.normal() * 1e-3 + 1 / 3);
  const scaler = fitStandardScaler(data, 3);
  const s2 = scalerFromJSON(viaText(scalerToJSON(scaler)));
  sameBits(s2.mean, scaler.mean, 'mean');
  sameBits(s2.scale, scaler.scale, 'scale');
  assert.equal(s2.nSamples, 40);
  const withNegZero = { mean: [-0, 0.1 + 0.2], scale: [1, Math.PI], nSamples: 2 };
  sameBits(scalerFromJSON(viaText(scalerToJSON(withNegZero))).mean, withNegZero.mean, 'mean with -0');
  assert.deepEqual(scalerToJSON(withNegZero).mean, ['-0', 0.30000000000000004]);
  const cats = fitOneHot(['x', 'y', 'x', '<unknown>', ''], { maxCategories: 4 });
  assert.deepEqual(oneHotFromJSON(viaText(oneHotToJSON(cats))), cats);
  const docs = ['cmd.exe /c whoami', 'powershell -enc AAA', 'cmd.exe /c net user', ''];
  const tfidf = fitTfidf(docs, { maxVocab: 50, pattern: PATTERN });
  const t2 = tfidfFromJSON(viaText(tfidfToJSON(tfidf)));
  assert.deepEqual(t2.vocab, tfidf.vocab);
  sameBits(t2.idf, tfidf.idf, 'idf');
  assert.equal(t2.nDocs, tfidf.nDocs);
  assert.deepEqual(transformTfidf(docs, t2, PATTERN), transformTfidf(docs, tfidf, PATTERN));
  const a = csrFromDense(Array.from({ length: 30 }, () => Array.from({ length: 9 }, () => (rng.bool(0.4) ? rng.next() : 0))));
  const svd = fitRandomizedSvd(a, { components: 3, seed: 4 });
  svd.components[1] = -0; // a zero that JSON.stringify alone would turn positive
  const v2 = svdFromJSON(viaText(svdToJSON(svd)));
  sameBits(v2.components, svd.components, 'components');
  assert.ok(Buffer.from(v2.components.buffer).equals(Buffer.from(svd.components.buffer)), 'the same bytes');
  for (const key of ['singularValues', 'explainedVariance', 'explainedVarianceRatio'] as const) sameBits(v2[key], svd[key], key);
  assert.deepEqual([v2.k, v2.d], [svd.k, svd.d]);
  sameBits(svdTransform(a, v2), svdTransform(a, svd), 'transform with the loaded SVD');
});

test('fromJSON names what is wrong: missing and unknown keys, lengths, types, non-finite and out-of-range values', () => {
  assert.throws(() => scalerFromJSON({ mean: [0], scale: [1] }, 'model.scaler'), /model\.scaler: missing "nSamples"/);
  assert.throws(() => scalerFromJSON({ mean: [0], scale: [1], nSamples: 1, extra: 2 }), /scaler: unknown key "extra" \(expected mean, scale, nSamples\)/);
  assert.throws(() => scalerFromJSON({ mean: [0, 1], scale: [1], nSamples: 3 }), /scaler\.scale: expected 2 numbers, got 1/);
  assert.throws(() => scalerFromJSON({ mean: [0, 'a'], scale: [1, 1], nSamples: 3 }), /scaler\.mean\[1\]: expected a finite number, got "a"/);
  assert.throws(() => scalerFromJSON({ mean: [0, null], scale: [1, 1], nSamples: 3 }), /scaler\.mean\[1\]: expected a finite number, got null/);
  assert.throws(() => scalerFromJSON({ mean: [0], scale: [0], nSamples: 3 }), /scaler\.scale\[0\]: 0 must be > 0/);
  assert.throws(() => scalerFromJSON({ mean: [0], scale: [1], nSamples: 1.5 }), /scaler\.nSamples: expected an integer ≥ 1, got 1\.5/);
  assert.throws(() => scalerFromJSON([1, 2]), /scaler: expected an object, got a list of 2/);
  assert.throws(() => scalerToJSON({ mean: [NaN], scale: [1], nSamples: 1 }), /scaler\.mean: value NaN at index 0 has no JSON form/);
  assert.throws(() => oneHotFromJSON(['a', 'b', 'a']), /"a" appears more than once/);
  assert.throws(() => oneHotFromJSON(['a', 3]), /one-hot categories\[1\]: expected a string, got 3/);
  assert.throws(() => tfidfFromJSON({ vocab: ['a', 'b'], idf: [1.5], nDocs: 2 }), /tfidf\.idf: expected 2 numbers, got 1/);
  assert.throws(() => tfidfFromJSON({ vocab: ['a'], idf: [0.5], nDocs: 2 }), /tfidf\.idf\[0\]: 0\.5 is not an idf/);
  const svd: SvdModel = { components: Float64Array.from([1, 0, 0, 1]), k: 2, d: 2, singularValues: [2, 1], explainedVariance: [1, 0.5], explainedVarianceRatio: [0.6, 0.3] };
  const json = svdToJSON(svd);
  assert.throws(() => svdFromJSON({ ...json, components: [1, 0, 0] }), /svd\.components: expected 4 numbers, got 3/);
  assert.throws(() => svdFromJSON({ ...json, singularValues: [2, -1] }), /svd\.singularValues\[1\]: -1 must be ≥ 0/);
  assert.throws(() => svdFromJSON({ ...json, k: 0 }), /svd\.k: expected an integer ≥ 1, got 0/);
});
