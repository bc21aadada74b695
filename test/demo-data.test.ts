import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { runStatus } from '../lib/run';
import { parseArgs, resolveConfig } from '../lib/config';
import { DEMO_DEFAULTS, FLOW_COLUMNS, SYSMON_COLUMNS, ensureDemoData, generateDemoData, withDefaults, type DemoManifest, type DemoOptions } from '../lib/demo';
import { formatCsv } from '../lib/demo/csv';
import { validateDemoOptions } from '../lib/demo/validate';

const SMOKE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'configs', 'presets', 'smoke.json'), 'utf8')).demo;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-demo-'));
const smoke = (out: string, seed = 42): DemoOptions => resolveConfig('demo', DEMO_DEFAULTS, { preset: 'smoke', overrides: { out: path.join(TMP, out), seed } });

let manifest: DemoManifest;
let sysmon: pl.DataFrame;
let flows: pl.DataFrame;

/** Read every file listed in the manifest as strings, so values compare exactly as written. */
function readAll(dir: string, m: DemoManifest): pl.DataFrame {
  const frames = m.sysmon.files.map((f) => {
    const df = pl.readCSV(path.join(dir, f.file), { inferSchemaLength: 0 });
    return df.withColumn(pl.lit(Number(/dataset-(\d+)/.exec(f.file)![1])).alias('file_no'));
  });
  return pl.concat(frames);
}

before(async () => {
  manifest = await generateDemoData(smoke('a'));
  sysmon = readAll(path.join(TMP, 'a'), manifest);
  flows = pl.readCSV(path.join(TMP, 'a', 'flows', 'flows.csv'), { dtypes: { 'Flow Bytes/s': pl.Float64, 'Flow Packets/s': pl.Float64 } });
});
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

function filesOf(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name))).sort();
}

test('same seed gives identical bytes; a different seed gives different data', async () => {
  await generateDemoData(smoke('b'));
  await generateDemoData(smoke('c', 7));
  const a = path.join(TMP, 'a'), b = path.join(TMP, 'b'), c = path.join(TMP, 'c');
  assert.deepEqual(filesOf(a), filesOf(b));
  // run.json and config.json are the run layer's record of each run (times, pid, folder): not data.
  const data = filesOf(a).filter((f) => f !== 'run.json' && f !== 'config.json');
  assert.deepEqual(data.filter((f) => !f.startsWith('sysmon/')), ['flows/flows.csv', 'manifest.json']);
  for (const f of data) assert.ok(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), `${f} differs between runs`);
  for (const f of ['sysmon/dataset-1.csv', 'flows/flows.csv']) assert.ok(!fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(c, f))), `${f} same for seeds 42 and 7`);
});

test('CSV round-trips through nodejs-polars: columns and row counts', () => {
  assert.deepEqual(sysmon.columns.slice(0, -1), [...SYSMON_COLUMNS]);
  assert.equal(sysmon.height, manifest.sysmon.rows);
  for (const f of manifest.sysmon.files) assert.equal(pl.readCSV(path.join(TMP, 'a', f.file), { inferSchemaLength: 0 }).height, f.rows, f.file);
  assert.deepEqual(flows.columns, [...FLOW_COLUMNS]);
  assert.equal(flows.height, manifest.flows.rows);
  // Command lines with quotes and commas survived the quoting.
  const cmds = sysmon.getColumn('CommandLine').toArray() as (string | null)[];
  assert.ok(cmds.some((s) => s?.includes('"') && s.includes(',')));
  // A tiny table with every awkward character round-trips exactly.
  const nasty = ['a,b', 'say "hi"', 'two\nlines', ' padded ', 'plain'];
  const df = pl.readCSV(formatCsv(['x', 'n'], nasty.map((s, i) => [s, i])), { inferSchemaLength: 0 });
  assert.deepEqual(df.getColumn('x').toArray(), nasty);
});

test('each campaign appears only in the files of its range, and in every range', () => {
  const range = manifest.sysmon.campaign_files;
  assert.deepEqual(Object.keys(range), ['APT1', 'APT2', 'APT3', 'APT4', 'APT5', 'APT6']);
  const camp = sysmon.getColumn('campaign').toArray() as (string | null)[];
  const fileNo = sysmon.getColumn('file_no').toArray() as number[];
  const seen: Record<string, Set<number>> = {};
  camp.forEach((c, i) => {
    if (!c) return;
    (seen[c] ??= new Set()).add(fileNo[i]);
    const [a, b] = range[c];
    assert.ok(fileNo[i] >= a && fileNo[i] <= b, `${c} event in dataset-${fileNo[i]}, outside [${a}, ${b}]`);
  });
  for (const [c, [a, b]] of Object.entries(range)) {
    assert.ok(seen[c]?.size, `${c} missing`);
    for (let f = a; f <= b; f++) assert.ok(seen[c].has(f), `${c} has no event in dataset-${f}`);
  }
  for (const f of manifest.sysmon.files) assert.ok(f.rows > f.attacks && f.rows > 0, `${f.file} lacks benign background`);
});

test('label, campaign and label_reason agree', () => {
  const label = sysmon.getColumn('label').toArray() as string[];
  const camp = sysmon.getColumn('campaign').toArray() as (string | null)[];
  const why = sysmon.getColumn('label_reason').toArray() as (string | null)[];
  label.forEach((l, i) => {
    assert.ok(l === '0' || l === '1');
    if (l === '1') assert.ok(camp[i] && why[i]?.startsWith(`${camp[i]} `), `row ${i}`);
    else assert.ok(!camp[i] && !why[i], `row ${i}`);
  });
});

test('timestamps are monotone over the whole log and the flows', () => {
  for (const [df, col] of [[sysmon, 'ts_utc'], [flows, 'Timestamp']] as const) {
    const ts = (df.getColumn(col).toArray() as string[]).map((s) => Date.parse(s));
    assert.ok(ts.every(Number.isFinite));
    for (let i = 1; i < ts.length; i++) assert.ok(ts[i] >= ts[i - 1], `${col} goes back at row ${i}`);
  }
  const files = manifest.sysmon.files;
  for (let i = 1; i < files.length; i++) assert.ok(files[i].first_ts! >= files[i - 1].last_ts!);
});

test('attack shares lie in a sane band, every campaign and flow class present', () => {
  const share = manifest.sysmon.attacks / manifest.sysmon.rows;
  assert.ok(share > 0.01 && share < 0.08, `sysmon attack share ${share}`);
  for (const [c, n] of Object.entries(manifest.sysmon.campaign_counts)) assert.ok(n >= 20, `${c}: ${n}`);
  const labels = manifest.flows.label_counts;
  const attacks = manifest.flows.rows - labels.BENIGN;
  assert.ok(attacks / manifest.flows.rows > 0.05 && attacks / manifest.flows.rows < 0.3);
  for (const [l, n] of Object.entries(labels)) assert.ok(n > 0, `flow class ${l} missing`);
  const bytes = flows.getColumn('Flow Bytes/s').toArray() as number[];
  const bad = bytes.filter((x) => !Number.isFinite(x)).length;
  assert.ok(bad > 0 && bad < 0.01 * bytes.length, `${bad} non-finite Flow Bytes/s`);
});

/** Best F1 of a rule "attack iff column == v" over all values v. */
function bestValueF1(values: (string | null)[], y: boolean[]): { f1: number; value: string | null } {
  const pos = y.filter(Boolean).length;
  const tp = new Map<string | null, number>(), all = new Map<string | null, number>();
  values.forEach((v, i) => {
    all.set(v, (all.get(v) ?? 0) + 1);
    if (y[i]) tp.set(v, (tp.get(v) ?? 0) + 1);
  });
  let best = { f1: 0, value: null as string | null };
  for (const [v, t] of tp) {
    const f1 = (2 * t) / (pos + all.get(v)!);
    if (f1 > best.f1) best = { f1, value: v };
  }
  return best;
}

/** ROC AUC of `x` as a score for `y`, ties counted half (Mann–Whitney). */
function auc(x: number[], y: boolean[]): number {
  const idx = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  let rankSumPos = 0, nPos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && x[idx[j]] === x[idx[i]]) j++;
    const avg = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (y[idx[k]]) { rankSumPos += avg; nPos++; }
    i = j;
  }
  const nNeg = x.length - nPos;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

test('Sysmon attacks are not given away by any single column value', () => {
  const y = (sysmon.getColumn('label').toArray() as string[]).map((l) => l === '1');
  const label = ['label', 'campaign', 'label_reason', 'file_no'];
  const ids = ['ts_utc', 'ProcessGuid', 'ParentProcessGuid', 'ProcessId'];
  for (const col of SYSMON_COLUMNS.filter((c) => !label.includes(c) && !ids.includes(c))) {
    const { f1, value } = bestValueF1(sysmon.getColumn(col).toArray() as (string | null)[], y);
    assert.ok(f1 < 0.5, `${col} == ${JSON.stringify(value)} flags attacks with F1 ${f1.toFixed(3)}`);
  }
  // Every executable the attackers run is also run by someone benign.
  const img = sysmon.getColumn('Image').toArray() as (string | null)[];
  const benignImages = new Set(img.filter((_, i) => !y[i]));
  const attackOnly = [...new Set(img.filter((v, i) => y[i] && v))].filter((v) => !benignImages.has(v));
  assert.deepEqual(attackOnly, []);
});

test('flow attacks overlap benign flows in every single numeric feature', () => {
  const labels = flows.getColumn('Label').toArray() as string[];
  const y = labels.map((l) => l !== 'BENIGN');
  const numeric = FLOW_COLUMNS.filter((c) => !['Timestamp', 'Src IP', 'Dst IP', 'Label'].includes(c));
  const perClass: Record<string, number> = {};
  for (const col of numeric) {
    const x = (flows.getColumn(col).toArray() as number[]).map((v) => (Number.isNaN(v) ? -1 : v));
    const a = auc(x, y);
    assert.ok(Math.max(a, 1 - a) < 0.95, `${col}: pooled single-threshold AUC ${a.toFixed(3)}`);
    for (const cls of new Set(labels)) {
      if (cls === 'BENIGN') continue;
      const keep = labels.map((l) => l === cls || l === 'BENIGN');
      const ac = auc(x.filter((_, i) => keep[i]), y.filter((_, i) => keep[i]));
      if (Math.max(ac, 1 - ac) > 0.99) perClass[cls] = (perClass[cls] ?? 0) + 1;
    }
  }
  // Per attack class, most features still overlap the benign range.
  for (const [cls, n] of Object.entries(perClass)) assert.ok(n < numeric.length / 2, `${cls}: ${n} of ${numeric.length} features separate it alone`);
});

test('an unknown option key is an error that names it', () => {
  assert.throws(() => resolveConfig('demo', DEMO_DEFAULTS, { preset: 'smoke', overrides: { 'sysmon.bogus': 1 } }), /sysmon\.bogus/);
  assert.throws(() => parseArgs(['--flows.nope', '3'], DEMO_DEFAULTS), /flows\.nope/);
  assert.throws(() => validateDemoOptions(withDefaults({ sysmon: { ...DEMO_DEFAULTS.sysmon, campaign_files: { APT1: [1, 5], APT9: [6, 7] } as never } })), /APT9/);
  assert.throws(() => validateDemoOptions(withDefaults({ sysmon: { ...DEMO_DEFAULTS.sysmon, files: 3 } })), /sysmon\.files/);
  const cfg = resolveConfig('demo', DEMO_DEFAULTS, { preset: 'smoke', overrides: parseArgs(['--seed', '7', '--sysmon.files=20'], DEMO_DEFAULTS).overrides });
  assert.equal(cfg.seed, 7);
  assert.equal(cfg.sysmon.files, 20);
  assert.equal(cfg.sysmon.events, SMOKE.sysmon.events);
});

test('a failure leaves a folder marked failed, never taken for data; a foreign folder is refused untouched', async () => {
  const out = path.join(TMP, 'fail');
  const boom = () => {
    throw new Error('disk full (simulated)');
  };
  await assert.rejects(generateDemoData(smoke('fail'), boom), /simulated/);
  assert.equal(runStatus(out), 'failed', 'the run says it failed');
  assert.ok(!fs.existsSync(path.join(out, 'manifest.json')), 'no data manifest: nothing claims to be complete');
  assert.deepEqual(fs.readdirSync(TMP).filter((n) => n.includes('.tmp-')), []);
  const again = await ensureDemoData(smoke('fail'));
  assert.equal(again.generated, true, 'a failed folder is regenerated, not reused');
  assert.equal(runStatus(out), 'complete');
  const foreign = path.join(TMP, 'foreign');
  fs.mkdirSync(foreign);
  fs.writeFileSync(path.join(foreign, 'keep.txt'), 'old');
  await assert.rejects(generateDemoData(smoke('foreign'), boom), /refusing to use .*foreign.*has no run\.json/);
  assert.deepEqual(fs.readdirSync(foreign), ['keep.txt']);
  assert.deepEqual(fs.readdirSync(TMP).filter((n) => n.includes('.tmp-')), []);
});
