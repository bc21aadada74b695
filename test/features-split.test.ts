import { test } from 'node:test';
import assert from 'node:assert/strict';
import { campaignSplit, capPerClass, oversamplePerClass, stratifiedSplit, timeSplit, timeSplitIndices, type SplitFractions, type SplitIndices, type TimeSplit } from '../lib/features';
import { GRU_SAE_DEFAULTS } from '../lib/gru-sae/config';
import { createRng } from '../lib/random';

const SPLIT = GRU_SAE_DEFAULTS.split;

test('timeSplit gives consecutive blocks and refuses empty splits', () => {
  assert.deepEqual(timeSplit(100, { train: 0.7, val: 0.15 }), { train: [0, 70], val: [70, 85], test: [85, 100] });
  assert.throws(() => timeSplit(3, { train: 0.7, val: 0.15 }), /the val split is empty \(3 rows: train 2, val 0, test 1\)/);
  assert.throws(() => timeSplit(100, { train: 0.9, val: 0.2 }), /train \+ val < 1/);
});

test('split: time fractions in time order; campaign lists; campaign-less rows by time; auto; errors', () => {
  const n = 100;
  const time = Float64Array.from({ length: n }, (_, i) => i * 10);
  const label = Int32Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const t = campaignSplit({ time, label, campaign: new Array(n).fill('') }, { ...SPLIT, strategy: 'auto' });
  assert.equal(t.strategy, 'time');
  assert.deepEqual([t.indices.train.length, t.indices.val.length, t.indices.test.length], [70, 15, 15]);
  assert.equal(t.indices.val[0], 70);
  assert.equal(t.summary.train.attacks, 7);
  // Six campaigns of 10 rows each, plus 40 campaign-less rows spread over time.
  const camps = ['APT1', 'APT2', 'APT3', 'APT4', 'APT5', 'APT6'];
  const campaign = Array.from({ length: n }, (_, i) => (i % 5 === 4 || i >= 80 ? '' : camps[Math.floor(i / 14) % 6]));
  const present = new Set(campaign.filter(Boolean));
  assert.equal(present.size, 6);
  const c = campaignSplit({ time, label, campaign }, { ...SPLIT, strategy: 'auto' });
  assert.equal(c.strategy, 'campaign');
  for (const i of c.indices.val) assert.ok(campaign[i] === 'APT5' || campaign[i] === '');
  for (const i of c.indices.test) assert.ok(campaign[i] === 'APT6' || campaign[i] === '');
  const loose = campaign.filter((x) => x === '').length;
  assert.equal(c.summary.train.campaigns[''] + c.summary.val.campaigns[''] + c.summary.test.campaigns[''], loose);
  assert.ok(c.notes.some((m) => /without a campaign split by time/.test(m)));
  for (const idx of Object.values(c.indices)) for (let k = 1; k < idx.length; k++) assert.ok(time[idx[k]] >= time[idx[k - 1]]);
  // Explicit campaign strategy with an absent campaign names what is present.
  assert.throws(() => campaignSplit({ time, label, campaign }, { ...SPLIT, strategy: 'campaign', test_campaigns: ['APT7'] }), /APT7 listed in split\.\*_campaigns are not in the data; campaigns present: APT1 \(\d+ rows\)/);
  // auto falls back to time when a listed campaign is missing, saying why.
  const a = campaignSplit({ time, label, campaign }, { ...SPLIT, strategy: 'auto', test_campaigns: ['APT7'] });
  assert.equal(a.strategy, 'time');
  assert.match(a.notes[0], /APT7 absent/);
  // Campaign in no list: left out and counted.
  const lo = campaignSplit({ time, label, campaign }, { ...SPLIT, strategy: 'campaign', train_campaigns: ['APT1', 'APT2', 'APT3'] });
  assert.equal(lo.summary.left_out.rows, campaign.filter((x) => x === 'APT4').length);
  // Empty split: a clear error.
  const onlyCampaigns = Array.from({ length: n }, (_, i) => camps[i % 5]);
  assert.throws(() => campaignSplit({ time, label, campaign: onlyCampaigns }, { ...SPLIT, strategy: 'campaign', test_campaigns: [] }), /the test split is empty \(strategy campaign/);
  assert.throws(() => campaignSplit({ time: Float64Array.from([1, 2, 3]), label: [0, 0, 0], campaign: ['', '', ''] }, { ...SPLIT, strategy: 'time' }), /the val split is empty/);
  assert.throws(() => campaignSplit({ time, label, campaign }, { ...SPLIT, strategy: 'campaign', val_campaigns: ['APT5', 'APT1'] }), /APT1 is listed in more than one split/);
});

test('stratified split: disjoint, complete, seeded, every class of ≥ 3 rows in every split; time split keeps order; cap keeps rare classes whole', () => {
  const labels = [...Array(500).fill('BENIGN'), ...Array(40).fill('dos'), ...Array(3).fill('rare'), 'single', 'pair', 'pair'];
  const a = stratifiedSplit(labels, { train: 0.7, val: 0.15 }, createRng(1));
  const b = stratifiedSplit(labels, { train: 0.7, val: 0.15 }, createRng(1));
  assert.deepEqual(a, b);
  const all = [...a.train, ...a.val, ...a.test].sort((x, y) => x - y);
  assert.deepEqual(all, labels.map((_, i) => i));
  for (const name of ['train', 'val', 'test'] as const) {
    const classes = new Set(Array.from(a[name], (i) => labels[i]));
    for (const c of ['BENIGN', 'dos', 'rare']) assert.ok(classes.has(c), `${c} in ${name}`);
    assert.ok(a[name].every((v, i, arr) => i === 0 || arr[i - 1] < v), `${name} ascending`);
  }
  assert.ok(Array.from(a.train, (i) => labels[i]).includes('single'));
  assert.ok(Math.abs(Array.from(a.train, (i) => labels[i]).filter((l) => l === 'BENIGN').length - 350) <= 1);
  const t = timeSplitIndices(timeSplit(100, { train: 0.7, val: 0.15 }));
  assert.deepEqual([t.train[0], t.train.length, t.val[0], t.test[0], t.test.length], [0, 70, 70, 85, 15]);
  assert.throws(() => timeSplit(3, { train: 0.7, val: 0.15 }), /split is empty/);
  const capped = capPerClass(a.train, labels, 100, 30, createRng(2));
  const count = (c: string) => Array.from(capped, (i) => labels[i]).filter((l) => l === c).length;
  assert.ok(count('BENIGN') < 100 && count('BENIGN') > 50);
  assert.equal(count('dos'), Array.from(a.train, (i) => labels[i]).filter((l) => l === 'dos').length, 'a class under minPerClass is kept whole');
  assert.equal(count('rare'), 1);
  // Oversampling: classes under 7 rows are repeated up to 7 (whole copies, then a seeded remainder); larger ones untouched.
  const ovLabels = ['a', 'b', 'b', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'b', 'd', 'd', 'd'];
  const over = oversamplePerClass(Int32Array.from(ovLabels.keys()), ovLabels, 7, createRng(5));
  const times = (i: number) => Array.from(over).filter((r) => r === i).length;
  assert.deepEqual(['a', 'b', 'c', 'd'].map((c) => Array.from(over).filter((r) => ovLabels[r] === c).length), [7, 7, 8, 7]);
  assert.equal(times(0), 7, 'a: its one row 7 times');
  assert.ok([3, 4, 5, 6, 7, 8, 9, 10].every((i) => times(i) === 1), 'c (8 rows ≥ 7): untouched');
  assert.ok([1, 2, 11].every((i) => times(i) === 2 || times(i) === 3) && [1, 2, 11].reduce((s, i) => s + times(i), 0) === 7, 'b: 3 rows → each twice, one of them a third time');
  assert.ok([12, 13, 14].every((i) => times(i) === 2 || times(i) === 3) && [12, 13, 14].reduce((s, i) => s + times(i), 0) === 7);
  assert.ok(over.every((v, i, arr) => i === 0 || arr[i - 1] <= v), 'ascending: copies beside their row');
  assert.deepEqual(Array.from(oversamplePerClass(Int32Array.from(ovLabels.keys()), ovLabels, 7, createRng(5))), Array.from(over), 'seeded');
  const big = stratifiedSplit([...Array(300000).fill('smurf'), 'a', 'a', 'a'], { train: 0.7, val: 0.15 }, createRng(3));
  assert.equal(big.train.length + big.val.length + big.test.length, 300003, 'a class of 300k rows (no call-stack overflow)');
});

// The two time splits this one replaced, verbatim (lib/preprocess/split.ts timeOrderedSplit and
// lib/nids/split.ts timeSplit at 27a6c97): the merged timeSplit must cut where both cut, and throw
// where either threw.
function oldFractionCuts(n: number, fractions: { train: number; val: number }): [number, number] {
  return [Math.floor(n * fractions.train), Math.floor(n * (fractions.train + fractions.val))];
}

function oldTimeOrderedSplit(n: number, fractions: { train: number; val: number }): TimeSplit {
  const { train, val } = fractions;
  if (!(train > 0 && val > 0 && train + val < 1)) {
    throw new Error(`timeOrderedSplit: need train > 0, val > 0 and train + val < 1, got train=${train}, val=${val}`);
  }
  const [a, b] = oldFractionCuts(n, fractions);
  if (a === 0 || b === a || b === n) throw new Error(`timeOrderedSplit: ${n} rows leave an empty split (train ${a}, val ${b - a}, test ${n - b}); use more data`);
  return { train: [0, a], val: [a, b], test: [b, n] };
}

function oldNidsTimeSplit(n: number, fractions: SplitFractions): SplitIndices {
  const f = fractions;
  if (!(f.train > 0 && f.val > 0 && f.train + f.val < 1)) throw new Error(`split fractions need train > 0, val > 0, train + val < 1; got train ${f.train}, val ${f.val}`);
  const [a, b] = oldFractionCuts(n, fractions);
  const range = (s: number, e: number) => Int32Array.from({ length: e - s }, (_, i) => s + i);
  const s = { train: range(0, a), val: range(a, b), test: range(b, n) };
  for (const name of ['train', 'val', 'test'] as const) {
    if (s[name].length === 0) throw new Error(`the ${name} split is empty (${n} rows: train ${s.train.length}, val ${s.val.length}, test ${s.test.length}); use more data or other fractions (nids.data.train_fraction / val_fraction)`);
  }
  return s;
}

const outcome = <T>(f: () => T): { ok: T } | { error: string } => {
  try {
    return { ok: f() };
  } catch (err) {
    return { error: (err as Error).message };
  }
};

test('timeSplit equals both former time splits on the same inputs (ranges, indices, and where they refused)', () => {
  const rng = createRng(41);
  const fractions: SplitFractions[] = [{ train: 0.7, val: 0.15 }, { train: 0.6, val: 0.2 }, { train: 0.5, val: 0.5 }, { train: 0.9, val: 0.2 }, { train: 0, val: 0.1 }, { train: 0.1, val: 0.1 }];
  for (let k = 0; k < 200; k++) fractions.push({ train: rng.uniform(0.01, 0.9), val: rng.uniform(0.01, 0.5) });
  let compared = 0;
  for (const f of fractions) {
    for (const n of [0, 1, 2, 3, 5, 7, 10, 19, 100, 1001, rng.int(1, 100000)]) {
      const merged = outcome(() => timeSplit(n, f));
      const old = outcome(() => oldTimeOrderedSplit(n, f));
      const nids = outcome(() => oldNidsTimeSplit(n, f));
      assert.equal('ok' in merged, 'ok' in old, `n ${n}, ${JSON.stringify(f)}: ${JSON.stringify([merged, old])}`);
      assert.equal('ok' in merged, 'ok' in nids);
      if ('ok' in merged && 'ok' in old && 'ok' in nids) {
        assert.deepEqual(merged.ok, old.ok);
        assert.deepEqual(timeSplitIndices(merged.ok), nids.ok);
        compared++;
      } else if ('error' in merged && 'error' in nids) {
        // With the NIDS hint the message is the former NIDS message, word for word.
        assert.deepEqual(outcome(() => timeSplit(n, f, { hint: 'nids.data.train_fraction / val_fraction' })), { error: nids.error });
      }
    }
  }
  assert.ok(compared > 1000, `${compared} splits compared`);
});
