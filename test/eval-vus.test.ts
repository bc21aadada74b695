import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rangeAucPr, rangeAucRoc, vusPr, vusRoc, vusSurface } from '../lib/eval/vus';
import { thresholdPositions, type VusVariant } from '../lib/eval/range-auc';
import { createRng, type Rng } from '../lib/random';

const close = (actual: number, expected: number, tol = 1e-9, what = ''): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} vs ${expected}`);

/**
 * Slow, literal port of RangeAUC_volume_opt (TheDatumOrg/TSB-AD basic_metrics.py; with
 * variant 'vus-2022' the TheDatumOrg/VUS vus/utils/metrics.py one): for every ℓ and every
 * threshold, rebuild the predictions and rescan every range. O(L·T·n).
 */
function slowVus(labels: number[], scores: number[], windowSize: number, thre: number, variant: VusVariant) {
  const n = labels.length;
  const P = labels.reduce((a, b) => a + b, 0);
  const seq: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (labels[i] === 1 && (i === 0 || labels[i - 1] === 0)) seq.push([i, i]);
    if (labels[i] === 1) seq[seq.length - 1][1] = i;
  }
  const newSequence = (window: number): [number, number][] => {
    const h = Math.floor(window / 2);
    let a = Math.max(seq[0][0] - h, 0);
    const out: [number, number][] = [];
    for (let i = 0; i < seq.length - 1; i++) {
      if (seq[i][1] + h < seq[i + 1][0] - h) {
        out.push([a, seq[i][1] + h]);
        a = seq[i + 1][0] - h;
      }
    }
    out.push([a, Math.min(seq[seq.length - 1][1] + h, n - 1)]);
    return out;
  };
  const sequencing = (window: number): number[] => {
    const label = labels.slice();
    const h = Math.floor(window / 2);
    for (const [s, e] of seq) {
      for (let x = e + 1; x < Math.min(e + h + 1, n); x++) label[x] += Math.sqrt(1 - (x - e) / window);
      for (let x = Math.max(s - h, 0); x < s; x++) label[x] += Math.sqrt(1 - (s - x) / window);
    }
    return label.map((v) => Math.min(1, v));
  };
  const l = newSequence(windowSize);
  const sorted = scores.slice().sort((a, b) => b - a);
  const idx = Array.from({ length: thre }, (_, k) => (k === thre - 1 ? n - 1 : Math.trunc(k * ((n - 1) / (thre - 1)))));
  const roc: number[] = [];
  const pr: number[] = [];
  for (let window = 0; window <= windowSize; window++) {
    const ext = sequencing(window);
    const L = newSequence(window);
    const tf: [number, number][] = [[0, 0]];
    const precision = [1];
    for (const i of idx) {
      const pred = scores.map((s): number => (s >= sorted[i] ? 1 : 0));
      const nPred = pred.reduce((a, b) => a + b, 0);
      let lab = ext.slice();
      let existence = 0;
      for (const [a, b] of L) {
        let any = false;
        for (let x = a; x <= b; x++) {
          if (variant === 'tsb-ad') lab[x] = ext[x] * pred[x];
          if (pred[x] > 0) any = true;
        }
        if (any) existence++;
      }
      if (variant === 'tsb-ad') for (const [a, b] of seq) for (let x = a; x <= b; x++) lab[x] = 1;
      let TP = 0;
      let nLabels = 0;
      for (const [a, b] of l) {
        for (let x = a; x <= b; x++) {
          TP += lab[x] * pred[x];
          nLabels += lab[x];
        }
      }
      const pNew = (P + nLabels) / 2;
      const tpr = Math.min(TP / pNew, 1) * (existence / L.length);
      tf.push([tpr, (nPred - TP) / (n - pNew)]);
      precision.push(TP / nPred);
      lab = [];
    }
    tf.push([1, 1]);
    let auc = 0;
    for (let j = 1; j < tf.length; j++) auc += (tf[j][1] - tf[j - 1][1]) * ((tf[j][0] + tf[j - 1][0]) / 2);
    let ap = 0;
    for (let j = 1; j < tf.length - 1; j++) {
      const height = variant === 'tsb-ad' ? precision[j] : (precision[j] + precision[j - 1]) / 2;
      ap += (tf[j][0] - tf[j - 1][0]) * height;
    }
    roc.push(auc);
    pr.push(ap);
  }
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  return { vusRoc: mean(roc), vusPr: mean(pr), roc, pr };
}

function randomCase(rng: Rng, n: number): { labels: number[]; scores: number[] } {
  const labels = new Array<number>(n).fill(0);
  const events = rng.int(1, 5);
  for (let e = 0; e < events; e++) {
    const start = rng.int(0, n - 1);
    const len = rng.int(1, 12);
    for (let x = start; x < Math.min(n, start + len); x++) labels[x] = 1;
  }
  if (!labels.includes(0)) labels[0] = 0;
  const quantised = rng.bool(0.5); // ties on half the cases
  const scores = labels.map((y) => {
    const s = y * rng.uniform(0, 1.5) + rng.next();
    return quantised ? Math.round(s * 5) / 5 : s;
  });
  return { labels, scores };
}

test('worked example: R-AUC at ℓ = 0 by hand', () => {
  // Descending scores: 0.9(A) 0.8(N) 0.7(A) 0.4(A) 0.3(N) 0.2(N) 0.1(N) 0.05(N); P = 3 in 2 events,
  // N = 5. With n = 8 < 250 the 250 threshold positions repeat each sorted score; repeats add
  // nothing. At ℓ = 0 there is no buffer, so P_new = 3 and TPR = (TP/3)·(events hit / 2):
  //   flag 0.9 → TPR 1/6, FPR 0;   0.8 → TPR 1/6, FPR 1/5;   0.7 → TPR 2/3;   0.4 → TPR 1,
  //   then FPR 2/5 … 1 at TPR 1, closed at (1, 1).
  // ROC = 1/5·1/6 + 4·(1/5·1) = 5/6.  PR (TSB-AD, step) = 1/6·1 + 1/2·2/3 + 1/3·3/4 = 3/4.
  // PR (VUS 2022, trapezoid) = 1/6·1 + 1/2·(2/3+1/2)/2 + 1/3·(3/4+2/3)/2 = 50/72.
  const labels = [0, 1, 1, 0, 0, 0, 1, 0];
  const scores = [0.1, 0.9, 0.4, 0.3, 0.2, 0.8, 0.7, 0.05];
  close(vusRoc(labels, scores, { maxWindow: 0 }), 5 / 6);
  close(vusPr(labels, scores, { maxWindow: 0 }), 3 / 4);
  close(rangeAucRoc(labels, scores, { window: 0 }), 5 / 6);
  close(vusPr(labels, scores, { maxWindow: 0, variant: 'vus-2022' }), 50 / 72);
  // ℓ = 1 has ⌊1/2⌋ = 0 buffer samples, so it repeats ℓ = 0
  close(rangeAucPr(labels, scores, { window: 1 }), 3 / 4);
});

test('threshold positions follow np.linspace(0, n-1, T).astype(int)', () => {
  // np.linspace(0, 9, 4) = [0, 3, 6, 9]; np.linspace(0, 7, 5) = [0, 1.75, 3.5, 5.25, 7] → [0,1,3,5,7]
  assert.deepEqual([...thresholdPositions(10, 4)], [0, 3, 6, 9]);
  assert.deepEqual([...thresholdPositions(8, 5)], [0, 1, 3, 5, 7]);
  assert.deepEqual([...thresholdPositions(1, 3)], [0, 0, 0]);
});

interface GoldenSide { vusRoc: number; vusPr: number; rocPerWindow: number[]; prPerWindow: number[] }
interface GoldenCase {
  name: string;
  labels: number[];
  scores: number[];
  maxWindow: number;
  thresholds: number;
  tsbAd: GoldenSide;
  vus2022: GoldenSide;
  vusRepoRangeAuc?: { window: number; roc: number; pr: number };
}

test('golden values from the verbatim Python reference (test/fixtures/vus)', () => {
  const golden = JSON.parse(readFileSync(join(__dirname, 'fixtures/vus/golden.json'), 'utf8')) as { cases: GoldenCase[] };
  assert.ok(golden.cases.length >= 20);
  for (const c of golden.cases) {
    for (const [variant, side] of [['tsb-ad', c.tsbAd], ['vus-2022', c.vus2022]] as [VusVariant, GoldenSide][]) {
      const opts = { maxWindow: c.maxWindow, thresholds: c.thresholds, variant };
      const surface = vusSurface(c.labels, c.scores, opts);
      close(surface.vusRoc, side.vusRoc, 1e-9, `${c.name} ${variant} VUS-ROC`);
      close(surface.vusPr, side.vusPr, 1e-9, `${c.name} ${variant} VUS-PR`);
      close(vusRoc(c.labels, c.scores, opts), side.vusRoc, 1e-9);
      close(vusPr(c.labels, c.scores, opts), side.vusPr, 1e-9);
      side.rocPerWindow.forEach((v, w) => close(surface.rocByWindow[w], v, 1e-9, `${c.name} ${variant} ROC ℓ=${w}`));
      side.prPerWindow.forEach((v, w) => close(surface.prByWindow[w], v, 1e-9, `${c.name} ${variant} PR ℓ=${w}`));
      const w = c.maxWindow;
      close(rangeAucRoc(c.labels, c.scores, { window: w, thresholds: c.thresholds, variant }), side.rocPerWindow[w], 1e-9);
      close(rangeAucPr(c.labels, c.scores, { window: w, thresholds: c.thresholds, variant }), side.prPerWindow[w], 1e-9);
    }
    // The VUS repo's own RangeAUC (the paper's R-AUC) equals the 'vus-2022' slice at that width
    if (c.vusRepoRangeAuc) {
      const { window, roc, pr } = c.vusRepoRangeAuc;
      close(rangeAucRoc(c.labels, c.scores, { window, variant: 'vus-2022' }), roc, 1e-9, `${c.name} RangeAUC`);
      close(rangeAucPr(c.labels, c.scores, { window, variant: 'vus-2022' }), pr, 1e-9, `${c.name} RangeAUC PR`);
    }
  }
});

test('fast kernel matches the literal per-threshold, per-ℓ algorithm on seeded random inputs', () => {
  const rng = createRng(7);
  for (let trial = 0; trial < 30; trial++) {
    const { labels, scores } = randomCase(rng, rng.int(20, 120));
    const maxWindow = rng.int(0, 14);
    const thresholds = rng.choice([2, 5, 40, 250]);
    for (const variant of ['tsb-ad', 'vus-2022'] as VusVariant[]) {
      const slow = slowVus(labels, scores, maxWindow, thresholds, variant);
      const fast = vusSurface(labels, scores, { maxWindow, thresholds, variant });
      close(fast.vusRoc, slow.vusRoc, 1e-9, `trial ${trial} ${variant} ROC`);
      close(fast.vusPr, slow.vusPr, 1e-9, `trial ${trial} ${variant} PR`);
      slow.pr.forEach((v, w) => close(fast.prByWindow[w], v, 1e-9));
    }
  }
});

test('perfect scores give 1 (tsb-ad); the vus-2022 variant stays below 1 once buffers exist', () => {
  const labels = new Array<number>(300).fill(0);
  for (const [s, e] of [[20, 30], [100, 101], [200, 240], [290, 300]]) for (let x = s; x < e; x++) labels[x] = 1;
  for (const maxWindow of [0, 3, 20, 100]) {
    close(vusRoc(labels, labels, { maxWindow }), 1, 1e-12);
    close(vusPr(labels, labels, { maxWindow }), 1, 1e-12);
  }
  close(vusPr(labels, labels, { maxWindow: 1, variant: 'vus-2022' }), 1, 1e-12);
  assert.ok(vusPr(labels, labels, { maxWindow: 20, variant: 'vus-2022' }) < 1);
});

test('random scores: VUS-PR is near the positive rate; R-AUC-ROC(0) near 0.5, VUS-ROC above it', () => {
  const rng = createRng(11);
  const n = 20000;
  const labels = new Float64Array(n);
  for (let e = 0; e < 40; e++) {
    const start = rng.int(0, n - 30);
    for (let x = start; x < start + 25; x++) labels[x] = 1;
  }
  const rate = labels.reduce((a, b) => a + b, 0) / n;
  const scores = Float64Array.from({ length: n }, () => rng.next());
  const pr = vusPr(labels, scores, { maxWindow: 20 });
  assert.ok(Math.abs(pr - rate) < 0.5 * rate, `VUS-PR ${pr} vs positive rate ${rate}`); // 0.060 vs 0.047
  close(rangeAucRoc(labels, scores, { window: 0 }), 0.5, 0.03);
  // A property of the reference, not of this port: flagged buffer samples count as partial true
  // positives, so a random score gains ROC area as ℓ grows (0.57 here; 0.55 for 'vus-2022').
  const roc = vusRoc(labels, scores, { maxWindow: 20 });
  assert.ok(roc > 0.5 && roc < 0.65, `VUS-ROC ${roc}`);
});

test('worse is worse: a lagging score and a far false alarm both lower VUS', () => {
  const n = 200;
  const labels = Array.from({ length: n }, (_, i) => (i >= 80 && i < 100 ? 1 : 0));
  const noise = createRng(3);
  const base = labels.map((y) => y + 0.5 * noise.next());
  const lagged = base.map((_, i) => (i >= 15 ? base[i - 15] : 0.5 * noise.next()));
  const alarm = base.slice();
  for (let i = 10; i < 20; i++) alarm[i] = 2; // a cluster above every true anomaly
  for (const f of [vusRoc, vusPr]) {
    const good = f(labels, base, { maxWindow: 10 });
    assert.ok(f(labels, lagged, { maxWindow: 10 }) < good);
    assert.ok(f(labels, alarm, { maxWindow: 10 }) < good);
  }
});

test('invariance: array types and time reversal', () => {
  const rng = createRng(5);
  for (let trial = 0; trial < 10; trial++) {
    const { labels, scores } = randomCase(rng, 150);
    const f32 = Float32Array.from(scores);
    const asNumbers = Array.from(f32); // the same values, exactly representable in both
    const a = vusSurface(labels, asNumbers, { maxWindow: 12 });
    const b = vusSurface(Uint8Array.from(labels), f32, { maxWindow: 12 });
    const c = vusSurface(Float64Array.from(labels), Float64Array.from(asNumbers), { maxWindow: 12 });
    assert.equal(a.vusRoc, b.vusRoc);
    assert.equal(a.vusPr, c.vusPr);
    // buffers are symmetric and the threshold set only sees sorted scores, so reversing time is a no-op
    const r = vusSurface(labels.slice().reverse(), asNumbers.slice().reverse(), { maxWindow: 12 });
    close(r.vusRoc, a.vusRoc, 1e-12);
    close(r.vusPr, a.vusPr, 1e-12);
  }
});

test('bad input fails loudly, naming the function', () => {
  assert.throws(() => vusPr([0, 1], [0.1]), /vusPr: labels has length 2 but scores has length 1/);
  assert.throws(() => vusRoc([0, 1, 1], [0.1, NaN, 0.2]), /vusRoc: scores must be finite/);
  assert.throws(() => vusRoc([0, 2, 1], [0.1, 0.3, 0.2]), /vusRoc: labels must be 0 or 1/);
  assert.throws(() => vusPr([0, 0, 0], [0.1, 0.3, 0.2]), /vusPr: labels hold only class 0/);
  assert.throws(() => vusPr([1, 1], [0.1, 0.3]), /vusPr: labels hold only class 1/);
  assert.throws(() => vusPr([0, 1], [0.1, 0.3], { maxWindow: -1 }), /vusPr: maxWindow must be an integer/);
  assert.throws(() => vusPr([0, 1], [0.1, 0.3], { thresholds: 1 }), /vusPr: thresholds must be an integer ≥ 2/);
  assert.throws(() => rangeAucRoc([0, 1], [0.1, 0.3], { window: 2.5 }), /rangeAucRoc: window must be an integer/);
  assert.throws(() => vusRoc([0, 1], [0.1, 0.3], { variant: 'x' as VusVariant }), /vusRoc: variant must be/);
  assert.throws(() => vusRoc([0, 1], [0.1, 0.3], { window: 3 } as object), /vusRoc: unknown option 'window'/);
  assert.throws(() => vusSurface([], []), /vusSurface: empty input/);
});

test('speed: VUS on 100,000 samples with maxWindow 100 takes well under a few seconds', () => {
  const rng = createRng(1);
  const n = 100_000;
  const labels = new Uint8Array(n);
  for (let e = 0; e < 200; e++) {
    const start = rng.int(0, n - 100);
    const len = rng.int(1, 80);
    for (let x = start; x < start + len; x++) labels[x] = 1;
  }
  const scores = Float64Array.from(labels, (y) => y * 0.7 + rng.next());
  const t0 = performance.now();
  const s = vusSurface(labels, scores, { maxWindow: 100 });
  const ms = performance.now() - t0;
  assert.ok(s.vusPr > 0 && s.vusPr < 1);
  assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  console.log(`vusSurface n=100000 maxWindow=100 T=250: ${ms.toFixed(0)} ms`);
});
