import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbscan, estimateEps, kDistances, kneeIndex } from '../lib/cluster';
import { quantileOfSorted } from '../lib/eval/quantile';
import { createRng, type Rng } from '../lib/random';

/** Textbook DBSCAN over a full distance matrix, sklearn's order: seeds in index order, first cluster wins a border point. */
function referenceDbscan(pts: number[][], eps: number, minSamples: number): number[] {
  const n = pts.length;
  const near = pts.map((a) => pts.map((b, j) => [j, Math.sqrt(a.reduce((s, v, f) => s + (v - b[f]) ** 2, 0))] as const).filter(([, d]) => d <= eps).map(([j]) => j));
  const core = near.map((nb) => nb.length >= minSamples);
  const labels = new Array<number>(n).fill(-1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== -1 || !core[i]) continue;
    const queue = [i];
    labels[i] = k;
    while (queue.length > 0) {
      const v = queue.shift() as number;
      if (!core[v]) continue;
      for (const j of near[v]) {
        if (labels[j] === -1) {
          labels[j] = k;
          queue.push(j);
        }
      }
    }
    k++;
  }
  return labels;
}

function blobs(rng: Rng, sizes: number[], dims: number, spread: number, sd: number): { pts: number[][]; truth: number[] } {
  const pts: number[][] = [];
  const truth: number[] = [];
  sizes.forEach((size, k) => {
    const c = Array.from({ length: dims }, () => rng.uniform(-spread, spread));
    for (let i = 0; i < size; i++) {
      pts.push(c.map((v) => rng.normal(v, sd)));
      truth.push(k);
    }
  });
  return { pts, truth };
}

test('dbscan equals a textbook reference on random inputs (labels identical, same numbering)', () => {
  for (let seed = 1; seed <= 12; seed++) {
    const rng = createRng(seed);
    const dims = rng.int(1, 5);
    const sd = rng.uniform(0.3, 1.5);
    const { pts } = blobs(rng, [rng.int(5, 60), rng.int(5, 60), rng.int(0, 30)], dims, 6, sd);
    for (let i = 0; i < 10; i++) pts.push(Array.from({ length: dims }, () => rng.uniform(-10, 10)));
    const order = rng.shuffle(pts.map((_, i) => i));
    const shuffled = order.map((i) => pts[i]);
    const eps = sd * Math.sqrt(dims) * rng.uniform(0.5, 2);
    const minSamples = rng.int(1, 8);
    const ours = dbscan(Float64Array.from(shuffled.flat()), { dims, eps, minSamples });
    assert.deepEqual(Array.from(ours.labels), referenceDbscan(shuffled, eps, minSamples), `seed ${seed}`);
    assert.equal(ours.nClusters, Math.max(-1, ...ours.labels) + 1);
  }
});

test('dbscan equals the reference in 16-D at n = 600 (screened path)', () => {
  const rng = createRng(21);
  const sd = 1;
  const { pts } = blobs(rng, [200, 150, 150], 16, 8, sd);
  for (let i = 0; i < 100; i++) pts.push(Array.from({ length: 16 }, () => rng.uniform(-12, 12)));
  for (const eps of [3.5, 4.5, 6]) {
    for (const minSamples of [3, 10]) {
      const ours = dbscan(Float64Array.from(pts.flat()), { dims: 16, eps, minSamples });
      assert.deepEqual(Array.from(ours.labels), referenceDbscan(pts, eps, minSamples), `eps ${eps}, minSamples ${minSamples}`);
    }
  }
});

test('dbscan: neighbourhood includes the point itself and distance ≤ eps (sklearn semantics)', () => {
  const x = Float64Array.of(0, 1, 2, 10);
  // eps = 1 exactly: 0–1 and 1–2 are neighbours; with the point itself, 1 has 3 and 0, 2 have 2.
  const r = dbscan(x, { dims: 1, eps: 1, minSamples: 3 });
  assert.deepEqual(Array.from(r.core), [0, 1, 0, 0]);
  assert.deepEqual(Array.from(r.labels), [0, 0, 0, -1]);
  // minSamples 1: every point is core, the lone point is its own cluster.
  assert.deepEqual(Array.from(dbscan(x, { dims: 1, eps: 1, minSamples: 1 }).labels), [0, 0, 0, 1]);
});

test('dbscan finds known blobs; estimateEps (knee) gives a usable eps', () => {
  const rng = createRng(5);
  const { pts, truth } = blobs(rng, [150, 150, 150], 4, 15, 0.6);
  for (let i = 0; i < 20; i++) {
    pts.push(Array.from({ length: 4 }, () => rng.uniform(-25, 25)));
    truth.push(-1);
  }
  const x = Float32Array.from(pts.flat());
  const eps = estimateEps(x, { dims: 4, minSamples: 5 });
  const r = dbscan(x, { dims: 4, eps, minSamples: 5 });
  assert.equal(r.nClusters, 3);
  // Each true blob maps to one cluster, and nearly all its points are in it.
  for (let k = 0; k < 3; k++) {
    const got = truth.map((t, i) => (t === k ? r.labels[i] : null)).filter((l) => l !== null) as number[];
    const mode = [...new Set(got)].sort((a, b) => got.filter((g) => g === b).length - got.filter((g) => g === a).length)[0];
    assert.ok(mode >= 0 && got.filter((g) => g === mode).length >= 0.95 * got.length, `blob ${k}`);
  }
  const noise = truth.map((t, i) => (t === -1 ? r.labels[i] : 0)).filter((l) => l === -1).length;
  assert.ok(noise >= 18, `only ${noise} of 20 noise points are noise`);
});

test('kDistances, kneeIndex and the quantile method', () => {
  // k = 2 (the point itself counted) is the nearest-neighbour distance.
  assert.deepEqual(Array.from(kDistances(Float64Array.of(0, 1, 3, 7), { dims: 1, k: 2 })), [1, 1, 2, 4]);
  assert.equal(kneeIndex(Float64Array.of(1, 1, 1, 1, 9)), 3);
  assert.equal(kneeIndex(Float64Array.of(2, 2, 2)), 0); // flat curve
  assert.equal(kneeIndex(Float64Array.of(0, 1, 2, 3)), 0); // straight line: every gap is 0, first wins
  const rng = createRng(9);
  const x = Float64Array.from({ length: 200 }, () => rng.normal());
  const curve = kDistances(x, { dims: 2, k: 4 });
  assert.equal(estimateEps(x, { dims: 2, minSamples: 4, method: 'quantile', quantile: 0.8 }), quantileOfSorted(curve, 0.8));
  assert.equal(estimateEps(x, { dims: 2, minSamples: 4 }), curve[kneeIndex(curve)]);
  for (let i = 1; i < curve.length; i++) assert.ok(curve[i] >= curve[i - 1]);
  // Never 0: duplicates move the choice to the smallest positive k-distance, or MIN_VALUE.
  const dup = Float64Array.from([...new Array(40).fill(0), 1, 2, 4, 8]);
  assert.equal(estimateEps(dup, { dims: 1, minSamples: 3 }), 1);
  assert.equal(estimateEps(new Float64Array(10), { dims: 2 }), Number.MIN_VALUE);
  assert.deepEqual(Array.from(dbscan(new Float64Array(10), { dims: 2, eps: Number.MIN_VALUE }).labels), [0, 0, 0, 0, 0]);
});

test('dbscan / estimateEps validation', () => {
  const x = Float64Array.from({ length: 20 }, (_, i) => i);
  assert.throws(() => dbscan(x, { dims: 3, eps: 1 }), /20 values do not form rows of 3/);
  assert.throws(() => dbscan(x, { dims: 2, eps: 0 }), /eps must be a finite number > 0/);
  assert.throws(() => dbscan(x, { dims: 2, eps: NaN }), /eps must be a finite number > 0/);
  assert.throws(() => dbscan(x, { dims: 2, eps: 1, minSamples: 0 }), /minSamples must be an integer ≥ 1/);
  assert.throws(() => dbscan(x, { dims: 2, eps: 1, min_samples: 3 } as never), /unknown option "min_samples"/);
  const bad = Float64Array.from(x);
  bad[7] = NaN;
  assert.throws(() => dbscan(bad, { dims: 2, eps: 1 }), /non-finite value NaN at row 3, feature 1/);
  assert.throws(() => estimateEps(x, { dims: 2, minSamples: 11 }), /at most the number of points \(10\)/);
  assert.throws(() => estimateEps(x, { dims: 2, minSamples: 1 }), /must be an integer ≥ 2/);
  assert.throws(() => estimateEps(x, { dims: 2, method: 'elbow' as never }), /'knee' or 'quantile'/);
  assert.throws(() => estimateEps(x, { dims: 2, method: 'quantile', quantile: 1.5 }), /quantile must be in \[0, 1\]/);
});
