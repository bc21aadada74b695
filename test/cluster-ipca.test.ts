import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IncrementalPCA, genBatches } from '../lib/cluster';
import { PcaDetector } from '../lib/baselines';
import { fitStandardScaler } from '../lib/features';
import { createRng } from '../lib/random';

// Golden values from sklearn.decomposition.IncrementalPCA (test/fixtures/sklearn/make_ipca_fixture.py).
interface Described {
  components: number[];
  explained_variance: number[];
  explained_variance_ratio: number[];
  singular_values: number[];
  mean: number[];
  var: number[];
  noise_variance: number;
  n_samples_seen: number;
  transform_first: number[];
  n_transform: number;
}
interface Fixture {
  versions: Record<string, string>;
  n: number;
  d: number;
  n_components: number;
  X: number[];
  fit: Described & { batch_size: number };
  partial_fit: Described & { batches: number[] };
}
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'sklearn', 'ipca.json'), 'utf8')) as Fixture;
const X = Float64Array.from(fixture.X);
const TOL = 1e-6;

function close(actual: number, expected: number, what: string, tol = TOL): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);
}
function allClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, tol = TOL): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) close(actual[i], expected[i], `${what}[${i}]`, tol);
}

/** Per-row sign (+1/−1) that best aligns `actual` rows with `expected` rows `[k, d]`. */
function rowSigns(actual: ArrayLike<number>, expected: ArrayLike<number>, k: number, d: number): number[] {
  return Array.from({ length: k }, (_, c) => {
    let dot = 0;
    for (let f = 0; f < d; f++) dot += actual[c * d + f] * expected[c * d + f];
    return dot < 0 ? -1 : 1;
  });
}

function compareWithSklearn(model: IncrementalPCA, want: Described, what: string): void {
  const { d, n_components: k } = fixture;
  const signs = rowSigns(model.components, want.components, k, d);
  const flipped = Float64Array.from(model.components, (v, i) => v * signs[Math.floor(i / d)]);
  allClose(flipped, want.components, `${what} components (up to sign per row)`);
  // We apply svd_flip as sklearn does, so the signs themselves should agree as well.
  assert.deepEqual(signs, new Array(k).fill(1), `${what}: svd_flip signs`);
  allClose(model.explainedVarianceRatio, want.explained_variance_ratio, `${what} explained_variance_ratio`);
  allClose(model.explainedVariance, want.explained_variance, `${what} explained_variance`);
  allClose(model.singularValues, want.singular_values, `${what} singular_values`);
  allClose(model.mean, want.mean, `${what} mean`);
  allClose(model.state.variance, want.var, `${what} var`);
  close(model.state.noiseVariance, want.noise_variance, `${what} noise_variance`);
  assert.equal(model.nSamplesSeen, want.n_samples_seen);
  const t = model.transform(X.subarray(0, want.n_transform * d), d);
  allClose(t, want.transform_first, `${what} transform of the first rows`);
}

test('IncrementalPCA.fit (batch_size 64) matches sklearn IncrementalPCA', () => {
  const model = new IncrementalPCA({ nComponents: fixture.n_components, batchSize: fixture.fit.batch_size }).fit(X, fixture.d);
  compareWithSklearn(model, fixture.fit, 'fit');
});

test('IncrementalPCA.partialFit over uneven batches matches sklearn partial_fit', () => {
  const { d } = fixture;
  const model = new IncrementalPCA({ nComponents: fixture.n_components });
  let start = 0;
  for (const b of fixture.partial_fit.batches) {
    model.partialFit(X.subarray(start * d, (start + b) * d), d);
    start += b;
  }
  compareWithSklearn(model, fixture.partial_fit, 'partial_fit');
});

test('IncrementalPCA: dims from the constructor, Float32 input, refit resets', () => {
  const { d, n_components: k } = fixture;
  const a = new IncrementalPCA({ dims: d, nComponents: k, batchSize: 64 }).fit(X);
  const b = new IncrementalPCA({ nComponents: k, batchSize: 64 });
  b.fit(Float64Array.from(X).reverse(), d); // something else first
  b.fit(X, d);
  assert.deepEqual(Array.from(b.components), Array.from(a.components));
  const f32 = Float32Array.from(X);
  const c = new IncrementalPCA({ dims: d, nComponents: k, batchSize: 64 }).fit(f32);
  const e = new IncrementalPCA({ dims: d, nComponents: k, batchSize: 64 }).fit(Float64Array.from(f32));
  assert.deepEqual(Array.from(c.components), Array.from(e.components));
});

test('full-batch IncrementalPCA equals the PCA of lib/baselines/pca.ts (same standardised data)', () => {
  const rng = createRng(7);
  const n = 400;
  const d = 9;
  const raw = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const a = rng.normal(0, 3);
    const b = rng.normal(0, 1.5);
    for (let f = 0; f < d; f++) raw[i * d + f] = (f % 3 === 0 ? a : f % 3 === 1 ? b - a : 0.5 * b) * (1 + f / 10) + rng.normal(0, 0.4) + f;
  }
  const k = 4;
  const pca = new PcaDetector({ components: k });
  pca.fit({ data: raw, shape: [n, d] });
  // PcaDetector works in standardised space; standardise the same way for the IPCA.
  const scaler = fitStandardScaler(raw, d);
  const z = Float64Array.from(raw, (v, i) => (v - scaler.mean[i % d]) / scaler.scale[i % d]);
  const ipca = new IncrementalPCA({ nComponents: k, batchSize: n }).fit(z, d);
  const want = pca.model;
  const signs = rowSigns(ipca.components, want.components, k, d);
  allClose(Float64Array.from(ipca.components, (v, i) => v * signs[Math.floor(i / d)]), want.components, 'components', 1e-9);
  allClose(ipca.explainedVariance, want.explainedVariance, 'explained variance (n − 1)', 1e-9);
  allClose(ipca.explainedVarianceRatio, want.explainedVarianceRatio, 'explained variance ratio', 1e-9);
});

test('genBatches follows sklearn.utils.gen_batches', () => {
  assert.deepEqual(genBatches(7, 3, 0), [[0, 3], [3, 6], [6, 7]]);
  assert.deepEqual(genBatches(7, 3, 2), [[0, 3], [3, 7]]);
  assert.deepEqual(genBatches(300, 64, 4), [[0, 64], [64, 128], [128, 192], [192, 256], [256, 300]]);
  assert.deepEqual(genBatches(5, 10, 4), [[0, 5]]);
});

test('IncrementalPCA validation: clear errors', () => {
  const d = fixture.d;
  assert.throws(() => new IncrementalPCA({ nComponents: 0 }), /nComponents must be an integer ≥ 1/);
  assert.throws(() => new IncrementalPCA({ dims: 3, nComponents: 4 }), /at most dims/);
  assert.throws(() => new IncrementalPCA({ components: 4 } as never), /unknown option "components"/);
  assert.throws(() => new IncrementalPCA().transform(X, d), /call fit\(\) or partialFit\(\) first/);
  assert.throws(() => new IncrementalPCA().fit(X), /dims is unknown/);
  assert.throws(() => new IncrementalPCA().fit(X.subarray(0, 25), d), /do not form rows of 12/);
  const bad = Float64Array.from(X.subarray(0, 10 * d));
  bad[3 * d + 2] = NaN;
  assert.throws(() => new IncrementalPCA({ nComponents: 2 }).fit(bad, d), /non-finite value NaN at row 3, feature 2/);
  assert.throws(() => new IncrementalPCA({ nComponents: 4 }).partialFit(X.subarray(0, 3 * d), d), /at least nComponents \(4\) rows, got 3/);
  const model = new IncrementalPCA({ nComponents: 2 }).fit(X, d);
  assert.throws(() => model.partialFit(X.subarray(0, 30), 6), /fitted on 12/);
  assert.throws(() => model.transform(X.subarray(0, 30), 6), /fitted on 12/);
});
