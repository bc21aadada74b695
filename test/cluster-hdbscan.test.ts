import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterSummary, hdbscan, type HdbscanResult } from '../lib/cluster';
import { kthNeighbourSquared } from '../lib/cluster/core-distances';
import { squaredDistance } from '../lib/cluster/distance';
import { primMst } from '../lib/cluster/mst';
import { principalScreen } from '../lib/cluster/screen';
import { createRng, type Rng } from '../lib/random';

// ---- brute-force reference ---------------------------------------------------------------------
// Written for clarity, not speed: full mutual-reachability matrix, Kruskal over all pairs, and a
// recursive top-down condensed tree that removes all edges of the current largest weight at once.

interface RefCluster {
  parent: number; // −1 for the root
  birth: number;
  size: number;
  children: number[];
  fallen: { point: number; lambda: number }[];
}
interface RefResult {
  labels: number[];
  probabilities: number[];
  /** Stability by reference cluster id, for the selected clusters. */
  stability: Map<number, number>;
  selected: number[];
}

function referenceHdbscan(pts: number[][], o: { minClusterSize: number; minSamples: number; method: 'eom' | 'leaf'; allowSingleCluster: boolean }): RefResult {
  const n = pts.length;
  const dist = pts.map((a) => pts.map((b) => Math.sqrt(a.reduce((s, v, f) => s + (v - b[f]) ** 2, 0))));
  const core = dist.map((row) => row.slice().sort((a, b) => a - b)[o.minSamples - 1]);
  const mr = (i: number, j: number) => Math.max(core[i], core[j], dist[i][j]);

  // Kruskal over all pairs.
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j, mr(i, j)]);
  pairs.sort((a, b) => a[2] - b[2]);
  const uf = Array.from({ length: n }, (_, i) => i);
  const find = (a: number): number => (uf[a] === a ? a : (uf[a] = find(uf[a])));
  const mst: [number, number, number][] = [];
  for (const [i, j, w] of pairs) {
    if (find(i) !== find(j)) {
      uf[find(i)] = find(j);
      mst.push([i, j, w]);
    }
  }

  /** Components of point set S using its MST edges lighter than h. */
  const split = (S: number[], h: number): number[][] => {
    const inS = new Set(S);
    const p = Array.from({ length: n }, (_, i) => i);
    const f = (a: number): number => (p[a] === a ? a : (p[a] = f(p[a])));
    for (const [i, j, w] of mst) if (w < h && inS.has(i) && inS.has(j)) p[f(i)] = f(j);
    const groups = new Map<number, number[]>();
    for (const v of S) {
      const g = groups.get(f(v));
      if (g) g.push(v);
      else groups.set(f(v), [v]);
    }
    return [...groups.values()];
  };
  const maxEdge = (S: number[]): number => {
    const inS = new Set(S);
    return Math.max(...mst.filter(([i, j]) => inS.has(i) && inS.has(j)).map(([, , w]) => w));
  };

  const clusters: RefCluster[] = [{ parent: -1, birth: 0, size: n, children: [], fallen: [] }];
  const grow = (S: number[], c: number): void => {
    for (;;) {
      const h = maxEdge(S);
      const lambda = h > 0 ? 1 / h : Infinity;
      const parts = split(S, h);
      const big = parts.filter((P) => P.length >= o.minClusterSize);
      for (const P of parts) if (P.length < o.minClusterSize) for (const point of P) clusters[c].fallen.push({ point, lambda });
      if (big.length >= 2) {
        for (const P of big) {
          const id = clusters.length;
          clusters.push({ parent: c, birth: lambda, size: P.length, children: [], fallen: [] });
          clusters[c].children.push(id);
          grow(P, id);
        }
        return;
      }
      if (big.length === 0) return;
      S = big[0];
    }
  };
  grow(Array.from({ length: n }, (_, i) => i), 0);

  const stab = clusters.map((c) => c.fallen.reduce((s, f) => s + (f.lambda - c.birth), 0) + c.children.reduce((s, k) => s + (clusters[k].birth - c.birth) * clusters[k].size, 0));
  const eom = (c: number): { value: number; chosen: number[] } => {
    if (clusters[c].children.length === 0) return { value: stab[c], chosen: [c] };
    const sub = clusters[c].children.map(eom);
    const sum = sub.reduce((s, r) => s + r.value, 0);
    return sum > stab[c] ? { value: sum, chosen: sub.flatMap((r) => r.chosen) } : { value: stab[c], chosen: [c] };
  };
  let selected: number[];
  if (o.method === 'leaf') selected = clusters.map((_, i) => i).filter((i) => i > 0 && clusters[i].children.length === 0);
  else if (o.allowSingleCluster) selected = eom(0).chosen;
  else selected = clusters[0].children.flatMap((k) => eom(k).chosen);

  const deathMax = clusters.map((c) => Math.max(0, ...c.fallen.map((f) => f.lambda), ...c.children.map((k) => clusters[k].birth)));
  const labels = new Array<number>(n).fill(-1);
  const probabilities = new Array<number>(n).fill(0);
  for (const [c, cl] of clusters.entries()) {
    for (const { point, lambda } of cl.fallen) {
      let up = c;
      while (up >= 0 && !selected.includes(up)) up = clusters[up].parent;
      if (up < 0) continue;
      if (up === 0 && lambda < deathMax[0]) continue; // the library's rule when the root is the one cluster
      labels[point] = up;
      const m = deathMax[up];
      probabilities[point] = m === 0 || lambda === Infinity ? 1 : Math.min(lambda, m) / m;
    }
  }
  return { labels, probabilities, stability: new Map(selected.map((c) => [c, stab[c]])), selected };
}

// ---- helpers -------------------------------------------------------------------------------------

const flat = (pts: number[][]) => Float64Array.from(pts.flat());

/** Assert `ours` equals the reference up to a renumbering of clusters; probabilities and stabilities within tol. */
function assertSameClustering(ours: HdbscanResult, ref: RefResult, what: string): void {
  const map = new Map<number, number>();
  const back = new Map<number, number>();
  for (let i = 0; i < ref.labels.length; i++) {
    const a = ours.labels[i];
    const b = ref.labels[i];
    assert.equal(a === -1, b === -1, `${what}: point ${i} is ${a === -1 ? '' : 'not '}noise here but ${b === -1 ? '' : 'not '}in the reference`);
    if (a === -1) continue;
    if (!map.has(a)) map.set(a, b);
    if (!back.has(b)) back.set(b, a);
    assert.equal(map.get(a), b, `${what}: cluster ${a} maps to two reference clusters`);
    assert.equal(back.get(b), a, `${what}: reference cluster ${b} maps to two clusters`);
    const p = ours.probabilities[i];
    const q = ref.probabilities[i];
    assert.ok(Math.abs(p - q) <= 1e-9, `${what}: probability of point ${i}: ${p} vs ${q}`);
  }
  assert.equal(ours.nClusters, new Set(ref.labels.filter((l) => l >= 0)).size, `${what}: number of clusters`);
  for (const [a, b] of map) {
    const s = ours.stability[a];
    const t = ref.stability.get(b) as number;
    assert.ok(s === t || Math.abs(s - t) <= 1e-9 * Math.abs(t), `${what}: stability of cluster ${a}: ${s} vs ${t}`);
  }
}

/** A few Gaussian blobs of random sizes and spreads plus uniform noise, in `dims` dimensions. */
function randomMixture(rng: Rng, n: number, dims: number): number[][] {
  const blobs = rng.int(1, 4);
  const centres = Array.from({ length: blobs }, () => Array.from({ length: dims }, () => rng.uniform(-10, 10)));
  const sds = centres.map(() => rng.uniform(0.3, 2));
  const noise = rng.uniform(0, 0.2);
  return Array.from({ length: n }, () => {
    if (rng.bool(noise)) return Array.from({ length: dims }, () => rng.uniform(-14, 14));
    const b = rng.int(0, blobs - 1);
    return centres[b].map((c) => rng.normal(c, sds[b]));
  });
}

/** Adjusted Rand index of two labelings (noise −1 is a class like any other). */
function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const table = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    table.set(`${a[i]},${b[i]}`, (table.get(`${a[i]},${b[i]}`) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  const c2 = (x: number) => (x * (x - 1)) / 2;
  const sum = (m: Map<unknown, number>) => [...m.values()].reduce((s, v) => s + c2(v), 0);
  const index = sum(table);
  const expected = (sum(rows) * sum(cols)) / c2(n);
  const max = (sum(rows) + sum(cols)) / 2;
  return (index - expected) / (max - expected);
}

// ---- (a) brute-force reference on small random inputs -------------------------------------------

test('hdbscan equals the brute-force reference on small random inputs (both selection methods)', () => {
  let compared = 0;
  for (let seed = 1; seed <= 24; seed++) {
    const rng = createRng(seed);
    const n = rng.int(20, 200);
    const dims = rng.choice([2, 3, 5, 8, 16]);
    const pts = randomMixture(rng, n, dims);
    const minClusterSize = rng.int(3, 10);
    const minSamples = rng.bool(0.5) ? minClusterSize : rng.int(1, Math.min(12, n));
    for (const method of ['eom', 'leaf'] as const) {
      for (const allowSingleCluster of [false, true]) {
        const o = { minClusterSize, minSamples, method, allowSingleCluster };
        const ours = hdbscan(flat(pts), { dims, minClusterSize, minSamples, clusterSelectionMethod: method, allowSingleCluster });
        assertSameClustering(ours, referenceHdbscan(pts, o), `seed ${seed} n=${n} d=${dims} ${JSON.stringify(o)}`);
        compared++;
      }
    }
  }
  assert.equal(compared, 96);
});

test('hdbscan equals the reference at n = 700 in 16-D (many blocks, pruning paths exercised)', () => {
  const rng = createRng(31);
  const centres = Array.from({ length: 4 }, () => Array.from({ length: 16 }, () => rng.uniform(-6, 6)));
  const pts = Array.from({ length: 700 }, (_, i) => (i % 10 === 9 ? centres[0].map(() => rng.uniform(-12, 12)) : centres[i % 4].map((c) => rng.normal(c, 1 + (i % 4) / 2))));
  for (const method of ['eom', 'leaf'] as const) {
    const o = { minClusterSize: 12, minSamples: 6, method, allowSingleCluster: false };
    const ours = hdbscan(flat(pts), { dims: 16, minClusterSize: 12, minSamples: 6, clusterSelectionMethod: method });
    assert.ok(ours.nClusters >= 2);
    assertSameClustering(ours, referenceHdbscan(pts, o), `n=700 ${method}`);
  }
});

test('hdbscan equals the reference on integer grids with duplicates (exact distance ties)', () => {
  for (let seed = 1; seed <= 8; seed++) {
    const rng = createRng(100 + seed);
    const n = rng.int(30, 120);
    const dims = rng.choice([2, 3, 4]);
    const pts = Array.from({ length: n }, () => Array.from({ length: dims }, () => rng.int(0, 5) + (rng.bool(0.5) ? 0 : 20)));
    for (const method of ['eom', 'leaf'] as const) {
      const minClusterSize = rng.int(2, 8);
      const minSamples = rng.int(1, 6);
      const o = { minClusterSize, minSamples, method, allowSingleCluster: rng.bool(0.3) };
      const ours = hdbscan(flat(pts), { dims, clusterSelectionMethod: method, minClusterSize, minSamples, allowSingleCluster: o.allowSingleCluster });
      assertSameClustering(ours, referenceHdbscan(pts, o), `grid seed ${seed} ${JSON.stringify(o)}`);
    }
  }
});

test('kernels: pruned core distances and Prim MST equal plain brute force (n = 1000)', () => {
  // The prunings (screen, blocks, partial sums, candidate bounds) must not change a single value:
  // k-distances exactly, and the MST edge weights as a multiset (unique for every MST of a graph).
  for (const [seed, dims, k] of [[5, 16, 10], [4, 8, 5], [2, 5, 1], [6, 4, 1]] as const) {
    const rng = createRng(seed);
    const pts = randomMixture(rng, 1000, dims);
    const n = pts.length;
    const x = flat(pts);
    const sq = squaredDistance; // a local copy: an imported binding is a getter call under CommonJS
    const d2 = (i: number, j: number) => sq(x, i * dims, j * dims, dims);
    const want = pts.map((_, i) => pts.map((__, j) => d2(i, j)).sort((a, b) => a - b)[k - 1]);
    for (const screen of [principalScreen(x, n, dims), null]) {
      const core2 = kthNeighbourSquared(x, n, dims, k, screen);
      assert.deepEqual(Array.from(core2), want, `core distances, seed ${seed}, screen ${screen !== null}`);
      const tree = primMst(x, n, dims, core2, screen);
      // Prim over the explicit graph, no pruning at all.
      const inTree = new Uint8Array(n);
      const best = new Float64Array(n).fill(Infinity);
      const weights: number[] = [];
      let cur = 0;
      inTree[0] = 1;
      for (let step = 1; step < n; step++) {
        let next = -1;
        for (let j = 0; j < n; j++) {
          if (inTree[j]) continue;
          best[j] = Math.min(best[j], Math.max(d2(cur, j), core2[cur], core2[j]));
          if (next < 0 || best[j] < best[next]) next = j;
        }
        weights.push(Math.sqrt(best[next]));
        inTree[next] = 1;
        cur = next;
      }
      assert.deepEqual(Array.from(tree.weight).sort((a, b) => a - b), weights.sort((a, b) => a - b), `MST weights, seed ${seed}, screen ${screen !== null}`);
    }
  }
});

test('worked example: two tight groups on a line', () => {
  // minSamples = minClusterSize = 3: core distances 0.2, 0.1, 0.2 in each group; the groups split
  // at λ = 1/9.8 and every point falls out of its group at λ = 1/0.2 = 5, its group's last λ.
  const r = hdbscan(Float64Array.of(0, 0.1, 0.2, 10, 10.1, 10.2), { dims: 1, minClusterSize: 3 });
  assert.deepEqual(Array.from(r.labels), [0, 0, 0, 1, 1, 1]);
  assert.deepEqual(Array.from(r.probabilities), [1, 1, 1, 1, 1, 1]);
  const coreWant = [0.2, 0.1, 0.2, 0.2, 0.1, 0.2];
  r.coreDistances.forEach((v, i) => assert.ok(Math.abs(v - coreWant[i]) < 1e-12));
  for (const s of r.stability) assert.ok(Math.abs(s - 3 * (5 - 1 / 9.8)) < 1e-9);
});

test('core distance counts the point itself (sklearn convention)', () => {
  const x = Float64Array.of(0, 1, 3, 7);
  assert.deepEqual(Array.from(hdbscan(x, { dims: 1, minClusterSize: 2, minSamples: 1 }).coreDistances), [0, 0, 0, 0]);
  assert.deepEqual(Array.from(hdbscan(x, { dims: 1, minClusterSize: 2, minSamples: 2 }).coreDistances), [1, 1, 2, 4]);
  assert.deepEqual(Array.from(hdbscan(x, { dims: 1, minClusterSize: 2, minSamples: 4 }).coreDistances), [7, 6, 4, 7]);
});

// ---- (b) known blobs -----------------------------------------------------------------------------

test('5 well-separated Gaussian blobs of 400 points in 16-D plus uniform noise → 5 clusters, ARI ≥ 0.95', () => {
  const rng = createRng(2024);
  const dims = 16;
  const centres = Array.from({ length: 5 }, () => Array.from({ length: dims }, () => rng.uniform(-20, 20)));
  const pts: number[][] = [];
  const truth: number[] = [];
  centres.forEach((c, k) => {
    for (let i = 0; i < 400; i++) {
      pts.push(c.map((v) => rng.normal(v, 1)));
      truth.push(k);
    }
  });
  for (let i = 0; i < 150; i++) {
    pts.push(Array.from({ length: dims }, () => rng.uniform(-30, 30)));
    truth.push(-1);
  }
  const r = hdbscan(Float32Array.from(pts.flat()), { dims, minClusterSize: 20 });
  assert.equal(r.nClusters, 5);
  const ari = adjustedRandIndex(r.labels, truth);
  assert.ok(ari >= 0.95, `ARI ${ari}`);
  const noise = truth.map((t, i) => (t === -1 ? r.labels[i] : null)).filter((l) => l !== null);
  const noiseAsNoise = noise.filter((l) => l === -1).length / noise.length;
  assert.ok(noiseAsNoise >= 0.9, `only ${noiseAsNoise} of the uniform noise is labelled −1`);
  for (const p of r.probabilities) assert.ok(p >= 0 && p <= 1);
  r.labels.forEach((l, i) => assert.ok(l === -1 ? r.probabilities[i] === 0 : r.probabilities[i] > 0));
});

// ---- (c) one blob --------------------------------------------------------------------------------

test('one blob: allowSingleCluster returns it as the single cluster', () => {
  const rng = createRng(11);
  const pts = Array.from({ length: 300 }, () => Array.from({ length: 4 }, () => rng.normal(0, 1)));
  const opts = { dims: 4, minClusterSize: 30 };
  const single = hdbscan(flat(pts), { ...opts, allowSingleCluster: true });
  assert.equal(single.nClusters, 1);
  assert.ok(single.labels.every((l) => l === -1 || l === 0));
  const ref = referenceHdbscan(pts, { minClusterSize: 30, minSamples: 30, method: 'eom', allowSingleCluster: true });
  assertSameClustering(single, ref, 'one blob, allowSingleCluster');
  // The root is never a cluster without the flag: the same blob gives 0 or ≥ 2 clusters.
  const plain = hdbscan(flat(pts), opts);
  assert.notEqual(plain.nClusters, 1);
  // Two blobs: the flag changes nothing when the split is worth more than the root.
  const two = [...pts, ...pts.map((p) => p.map((v) => v + 50))];
  assert.equal(hdbscan(flat(two), { ...opts, allowSingleCluster: true }).nClusters, 2);
});

test('excess of mass keeps the parent on an exact stability tie (strict >, as the library)', () => {
  // Single linkage (minSamples 1), λ exact in binary: each group of 4 collapses at λ = 1/0.25 = 4,
  // the groups split from the root at λ = 1/0.5 = 2. Root: 8 · (2 − 0) = 16; children: 4 · (4 − 2) each.
  const x = Float64Array.of(0, 0.25, 0.5, 0.75, 1.25, 1.5, 1.75, 2);
  const single = hdbscan(x, { dims: 1, minClusterSize: 2, minSamples: 1, allowSingleCluster: true });
  assert.deepEqual(Array.from(single.labels), [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(single.stability), [16]);
  const split = hdbscan(x, { dims: 1, minClusterSize: 2, minSamples: 1 });
  assert.deepEqual(Array.from(split.labels), [0, 0, 0, 0, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(split.stability), [8, 8]);
});

test('fewer points than minClusterSize: all noise, or the library rule with allowSingleCluster', () => {
  const pts = [[0], [0.5], [1.5], [3]];
  const r = hdbscan(flat(pts), { dims: 1, minClusterSize: 5, minSamples: 2 });
  assert.deepEqual(Array.from(r.labels), [-1, -1, -1, -1]);
  assert.equal(r.nClusters, 0);
  const s = hdbscan(flat(pts), { dims: 1, minClusterSize: 5, minSamples: 2, allowSingleCluster: true });
  assertSameClustering(s, referenceHdbscan(pts, { minClusterSize: 5, minSamples: 2, method: 'eom', allowSingleCluster: true }), 'tiny, allowSingleCluster');
  assert.deepEqual(Array.from(hdbscan(Float64Array.of(1, 2), { dims: 2, minSamples: 1 }).labels), [-1]);
});

// ---- (d) validation --------------------------------------------------------------------------------

test('hdbscan validation: clear errors naming the problem', () => {
  const x = Float64Array.from({ length: 40 }, (_, i) => i % 7);
  assert.throws(() => hdbscan(x, { dims: 3 }), /40 values do not form rows of 3/);
  assert.throws(() => hdbscan(x, { dims: 0 }), /dims must be a positive integer/);
  assert.throws(() => hdbscan([1, 2] as never, { dims: 1 }), /Float32Array or Float64Array/);
  const bad = Float64Array.from(x);
  bad[13] = Infinity;
  assert.throws(() => hdbscan(bad, { dims: 4 }), /non-finite value Infinity at row 3, feature 1/);
  bad[13] = NaN;
  assert.throws(() => hdbscan(bad, { dims: 4 }), /non-finite value NaN at row 3/);
  assert.throws(() => hdbscan(x, { dims: 4, minClusterSize: 1 }), /minClusterSize must be an integer ≥ 2/);
  assert.throws(() => hdbscan(x, { dims: 4, minClusterSize: 2.5 }), /minClusterSize must be an integer ≥ 2/);
  assert.throws(() => hdbscan(x, { dims: 4, minSamples: 0 }), /minSamples must be an integer ≥ 1/);
  assert.throws(() => hdbscan(x, { dims: 4, minSamples: 11 }), /minSamples \(11\) must be at most the number of points \(10\)/);
  assert.throws(() => hdbscan(x, { dims: 4, minClusterSize: 20 }), /minSamples \(20\) must be at most/);
  assert.throws(() => hdbscan(x, { dims: 4, clusterSelectionMethod: 'excess' as never }), /'eom' or 'leaf'/);
  assert.throws(() => hdbscan(x, { dims: 4, allowSingleCluster: 1 as never }), /allowSingleCluster must be a boolean/);
  assert.throws(() => hdbscan(x, { dims: 4, min_cluster_size: 5 } as never), /unknown option "min_cluster_size"/);
  assert.throws(() => hdbscan(new Float64Array(0), { dims: 4 }), /no points/);
});

// ---- (e) determinism ---------------------------------------------------------------------------------

test('determinism: same input same output; Float32 = Float64; input order only renumbers', () => {
  const rng = createRng(77);
  const pts = randomMixture(rng, 600, 16);
  const opts = { dims: 16, minClusterSize: 8 };
  const a = hdbscan(flat(pts), opts);
  const b = hdbscan(flat(pts), opts);
  assert.deepEqual(a, b);
  const f32 = Float32Array.from(pts.flat());
  assert.deepEqual(hdbscan(f32, opts), hdbscan(Float64Array.from(f32), opts));
  // Labels are numbered by their lowest point index.
  const firsts = [...new Set(Array.from(a.labels).filter((l) => l >= 0))];
  assert.deepEqual(firsts, firsts.slice().sort((p, q) => p - q));
  // A permutation of the rows gives the same partition and the same probabilities.
  const perm = rng.shuffle(pts.map((_, i) => i));
  const c = hdbscan(flat(perm.map((i) => pts[i])), opts);
  const map = new Map<number, number>();
  perm.forEach((i, j) => {
    assert.equal(c.labels[j] === -1, a.labels[i] === -1);
    if (a.labels[i] >= 0) {
      if (!map.has(a.labels[i])) map.set(a.labels[i], c.labels[j]);
      assert.equal(map.get(a.labels[i]), c.labels[j]);
    }
    assert.equal(c.probabilities[j], a.probabilities[i]);
  });
});

// ---- (f) the summary table ------------------------------------------------------------------------------

test('clusterSummary: sizes, shares and attack rates, noise first', () => {
  const labels = Int32Array.of(0, 0, -1, 1);
  assert.deepEqual(clusterSummary(labels, Uint8Array.of(1, 0, 1, 0)), [
    { cluster: -1, size: 1, share: 0.25, attack_rate: 1 },
    { cluster: 0, size: 2, share: 0.5, attack_rate: 0.5 },
    { cluster: 1, size: 1, share: 0.25, attack_rate: 0 },
  ]);
  // Without attack labels the rate is null; the noise row is there even when empty.
  assert.deepEqual(clusterSummary(Int32Array.of(2, 0, 2), null), [
    { cluster: -1, size: 0, share: 0, attack_rate: null },
    { cluster: 0, size: 1, share: 1 / 3, attack_rate: null },
    { cluster: 2, size: 2, share: 2 / 3, attack_rate: null },
  ]);
  assert.throws(() => clusterSummary(labels, Uint8Array.of(1, 0, 1)), /4 labels but 3 attack flags/);
  assert.throws(() => clusterSummary(labels, Uint8Array.of(1, 0, 2, 0)), /attack flag 2 at index 2/);
  assert.throws(() => clusterSummary(Int32Array.of(0, -2), null), /label -2 at index 1/);
  assert.throws(() => clusterSummary([0, 1] as never, null), /labels must be an Int32Array/);
});
