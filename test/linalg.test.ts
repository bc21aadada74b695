import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dot as dotKernel, flipRowSigns, fromColumns, gram, jacobiSvdColumns, orthonormalize, symmetricEigen, toColumns } from '../lib/linalg';
import { createRng } from '../lib/random';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

/** A random orthonormal basis (Gram–Schmidt on Gaussian vectors), rows of `[d, d]`. */
function orthonormal(d: number, seed: number): Float64Array[] {
  const rng = createRng(seed);
  const basis: Float64Array[] = [];
  while (basis.length < d) {
    const v = Float64Array.from({ length: d }, () => rng.normal());
    for (const b of basis) {
      const p = dot(v, b);
      for (let i = 0; i < d; i++) v[i] -= p * b[i];
    }
    const norm = Math.sqrt(dot(v, v));
    basis.push(v.map((x) => x / norm));
  }
  return basis;
}

/** A = Q diag(λ) Qᵀ with Q's rows the eigenvectors. */
function fromEigen(q: Float64Array[], lambda: number[]): Float64Array {
  const d = lambda.length;
  const a = new Float64Array(d * d);
  for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] += lambda[k] * q[k][i] * q[k][j];
  return a;
}

for (const method of ['ql', 'jacobi'] as const) {
  test(`symmetricEigen (${method}): known eigenpairs, descending, unit vectors`, () => {
    const small = symmetricEigen([2, 1, 1, 2], 2, { method });
    assert.ok(Math.abs(small.values[0] - 3) < 1e-12 && Math.abs(small.values[1] - 1) < 1e-12);
    assert.ok(Math.abs(Math.abs(small.vectors[0]) - Math.SQRT1_2) < 1e-12);
    // Second-difference matrix tridiag(−1, 2, −1): λ_k = 2 − 2 cos(kπ / (n + 1)).
    const n = 30;
    const t = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      t[i * n + i] = 2;
      if (i + 1 < n) t[i * n + i + 1] = t[(i + 1) * n + i] = -1;
    }
    const e = symmetricEigen(t, n, { method });
    const want = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort((a, b) => b - a);
    want.forEach((w, k) => assert.ok(Math.abs(e.values[k] - w) < 1e-10, `λ${k}: ${e.values[k]} vs ${w}`));
    // A planted spectrum in a random basis, with a repeated eigenvalue.
    const d = 12;
    const q = orthonormal(d, 5);
    const lambda = [9, 7, 5, 5, 3, 2, 1.5, 1, 0.5, 0.25, 0.1, 0];
    const r = symmetricEigen(fromEigen(q, lambda), d, { method });
    lambda.forEach((l, k) => assert.ok(Math.abs(r.values[k] - l) < 1e-10));
    for (const k of [0, 1, 4, 5, 11]) assert.ok(Math.abs(Math.abs(dot(r.vectors.subarray(k * d, (k + 1) * d), q[k])) - 1) < 1e-9, `vector ${k}`);
    for (let k = 0; k < d; k++) assert.ok(Math.abs(dot(r.vectors.subarray(k * d, (k + 1) * d), r.vectors.subarray(k * d, (k + 1) * d)) - 1) < 1e-12);
  });
}

test('symmetricEigen: QL agrees with the Jacobi reference on a random covariance; bad input is rejected', () => {
  const d = 40;
  const rng = createRng(8);
  const x = Float64Array.from({ length: 60 * d }, () => rng.normal());
  const c = new Float64Array(d * d);
  for (let i = 0; i < 60; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) c[a * d + b] += x[i * d + a] * x[i * d + b];
  const ql = symmetricEigen(c, d);
  const jac = symmetricEigen(c, d, { method: 'jacobi' });
  for (let k = 0; k < d; k++) assert.ok(Math.abs(ql.values[k] - jac.values[k]) < 1e-9 * ql.values[0]);
  for (const k of [0, 1, d - 1]) assert.ok(Math.abs(Math.abs(dot(ql.vectors.subarray(k * d, (k + 1) * d), jac.vectors.subarray(k * d, (k + 1) * d))) - 1) < 1e-8);
  assert.throws(() => symmetricEigen([1, 2, 3, 4], 2), /not symmetric at \(0, 1\)/);
  assert.throws(() => symmetricEigen([1, NaN, NaN, 1], 2), /non-finite/);
  assert.throws(() => symmetricEigen([1, 2, 3], 2), /2×2/);
});

test('orthonormalize: orthonormal columns spanning the input; toColumns / fromColumns are inverse layouts', () => {
  const q = orthonormalize(Float64Array.from([1, 1, 1, 2, 1, 3]), 3, 2);
  const cols = toColumns(q, 3, 2);
  close(cols[0].reduce((s, x, i) => s + x * cols[1][i], 0), 0, 1e-15);
  for (const c of cols) close(dotKernel(c, c), 1, 1e-15);
  assert.deepEqual(fromColumns(cols, 3), q);
  // A dependent column vanishes instead of being amplified rounding noise.
  const dep = toColumns(orthonormalize(Float64Array.from([1, 2, 2, 4, 3, 6]), 3, 2), 3, 2);
  assert.deepEqual(Array.from(dep[1]), [0, 0, 0]);
  assert.throws(() => orthonormalize(new Float64Array(5), 3, 2), /5 values are not 3×2/);
});

test('jacobiSvdColumns: singular values of a known matrix, descending, unit vectors; zero columns give zero vectors', () => {
  // Columns (3, 0, 0) and (0, 4, 0): singular values 4 and 3, left vectors e2 and e1.
  const r = jacobiSvdColumns([Float64Array.from([3, 0, 0]), Float64Array.from([0, 4, 0])]);
  assert.deepEqual(r.values, [4, 3]);
  assert.deepEqual(Array.from(r.vectors[0]), [0, 1, 0]);
  const rng = createRng(4);
  const cols = Array.from({ length: 4 }, () => Float64Array.from({ length: 20 }, () => rng.normal()));
  const s = jacobiSvdColumns([...cols, new Float64Array(20)]);
  for (let k = 1; k < s.values.length; k++) assert.ok(s.values[k] <= s.values[k - 1]);
  assert.equal(s.values[4], 0);
  assert.deepEqual(Array.from(s.vectors[4]), new Array(20).fill(0));
  for (let k = 0; k < 4; k++) close(dotKernel(s.vectors[k], s.vectors[k]), 1, 1e-12);
  // Σσ² = ‖M‖²_F.
  close(s.values.reduce((a, v) => a + v * v, 0), cols.reduce((a, c) => a + dotKernel(c, c), 0), 1e-10);
});

test('gram: MᵀM equal to the naive product and exactly symmetric; flipRowSigns: largest |entry| (first on ties) positive', () => {
  const rng = createRng(6);
  const rows = 7;
  const d = 5;
  const m = Float64Array.from({ length: rows * d }, (_, i) => (i % 4 === 0 ? 0 : rng.normal()));
  const g = gram(m, rows, d);
  for (let a = 0; a < d; a++) {
    for (let c = 0; c < d; c++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += m[r * d + a] * m[r * d + c];
      close(g[a * d + c], s, 1e-12);
      assert.ok(Object.is(g[a * d + c], g[c * d + a]), 'exactly symmetric');
    }
  }
  const v = Float64Array.from([0.1, -0.5, 0.5, /* row 2 */ 0.3, 0.2, -0.1, /* row 3 */ -0.2, 0.2, 0]);
  flipRowSigns(v, 3, 3);
  assert.deepEqual(Array.from(v), [-0.1, 0.5, -0.5, 0.3, 0.2, -0.1, 0.2, -0.2, -0]);
});
