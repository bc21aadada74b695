import { isPlainObject } from '../config/merge';
import { globToRegExp } from '../io/paths';
import type { TrackedValue } from './track';
import type { TrackedRecord } from './tracked';

// The committed baseline of tracked values (notebooks/baseline.<preset>.json) and the comparison of a
// run against it (pure: lib/notebook/records.ts reads and writes the files).

/** How far a value may move: |now − baseline| ≤ max(absolute, relative × |baseline|); first matching pattern wins. */
export interface ToleranceRule {
  /** `*`-glob over keys (`*` matches any characters, dots included), or several. */
  pattern: string | string[];
  absolute?: number;
  relative?: number;
  /** Out of tolerance (or missing) only warns: timings, which vary run to run. */
  warn_only?: boolean;
  /** Why this rule is as it is (kept in the file for the next reader). */
  why?: string;
}

/** A notebook's baseline: its tracked values and the context they came with. */
export interface BaselineEntry {
  context: Record<string, string>;
  values: Record<string, TrackedValue>;
}

/** The file `notebooks/baseline.<preset>.json`. */
export interface Baseline {
  format: 1;
  about: string[];
  preset: string;
  updated_at: string;
  commit: string | null;
  tolerances: ToleranceRule[];
  notebooks: Record<string, BaselineEntry>;
}

/** The rules a new baseline starts with; `--update-baseline` keeps a file's own rules. */
export const DEFAULT_TOLERANCES: ToleranceRule[] = [
  {
    pattern: 'seconds.*', relative: 0.75, absolute: 2, warn_only: true,
    why: 'wall-clock seconds (per cell, total, stage times) vary by ±50% between runs on a shared 2-core machine: warn beyond ±75% (a doubling warns) and 2 s, never fail',
  },
  { pattern: '*per_s', relative: 0.75, warn_only: true, why: 'throughput (rows or flows per second) is a timing: warn only' },
  {
    pattern: ['count.*', 'counts.*', '*.n', '*.samples', '*.windows', '*.attack_windows', '*.fit_windows', '*.events'], relative: 0.01,
    why: 'counts (windows, rows, samples, events scored) do not depend on training: re-runs repeat them exactly; 1% catches a halved count',
  },
  { pattern: '*ttd_*', relative: 0.25, why: 'time to detect, in steps or data seconds: a one-step shift is noise, a doubled delay fails' },
  {
    pattern: ['*threshold*', '*.ar', '*.ar_*', '*attack_ratio*'], relative: 0.05,
    why: 'thresholds and attack/normal error ratios live on the score\'s own scale, so relative (re-runs move them by < 0.3%)',
  },
  {
    pattern: ['*false_clusters*', '*events_missed*'], relative: 0.5, absolute: 5,
    why: 'alert clusters and missed events at a threshold: a tiny threshold shift splits or merges clusters (L1 at the best-F1 threshold: 9 to 13 over five runs of the same code)',
  },
  {
    pattern: ['*event_*', '*range_*'], absolute: 0.15,
    why: 'event and range-based precision/recall/F1 at a threshold jump with cluster splits (L1 event precision at the best-F1 threshold spread 0.09 over five runs of the same code); 0.15 still catches a collapse',
  },
  {
    pattern: '*.macro_*', absolute: 0.06,
    why: 'macro averages weigh a class of ~10 test flows (smoke NIDS) as much as BENIGN: they moved by up to 0.030 between runs of the same code',
  },
  {
    pattern: 'clusters.*', relative: 0.5, absolute: 0.05,
    why: 'HDBSCAN on a sample of embeddings: a re-run moves a few windows between noise and clusters, or finds one cluster more',
  },
  {
    pattern: '*', absolute: 0.04,
    why: 'metrics (ROC-AUC, AP, VUS, F1, accuracy, losses): across four runs of the same code (WASM training is not bit-identical) GRU-SAE and L1 scores moved < 1e-3, the NIDS classifier\'s by up to 0.018; 0.04 passes that and fails a drop of 0.05',
  },
];

/** Written at the top of every baseline file. */
export const BASELINE_ABOUT = [
  'Tracked values of each notebook for one preset: what `npm run notebooks -- --check` compares a run with.',
  'Regenerate with `SEQSENTRY_PRESET=<preset> npm run notebooks -- --update-baseline` and commit the diff with the change that moved the numbers.',
  'A value passes when |now - baseline| <= max(absolute, relative * |baseline|) of the first rule whose pattern matches its key (`*` matches anything, dots included); null stands for NaN/Infinity and equals only null.',
  'Out of tolerance fails the check (exit 1) unless the rule is warn_only; a key the baseline has that the run lacks fails likewise; a new key only warns.',
  'Edit `tolerances` by hand (with a `why`); --update-baseline keeps them and rewrites everything else.',
];

/** One compared value: `baseline`/`now` undefined when absent; `change` = now − baseline. */
export interface CompareRow {
  notebook: string;
  key: string;
  baseline: TrackedValue | undefined;
  now: TrackedValue | undefined;
  change: number | null;
  tolerance: string;
  /** Its rule only warns (timings). */
  warnOnly: boolean;
  status: 'ok' | 'fail' | 'warn' | 'missing' | 'new';
  /** What the row does to the exit code. */
  severity: 'ok' | 'warn' | 'fail';
}

/** A run compared with a baseline. */
export interface Comparison {
  rows: CompareRow[];
  /** Per-notebook notes: not in the baseline, not compared because it failed, context changed. */
  notes: string[];
  failed: boolean;
}

/** Parse and validate a baseline file; `where` (the path) names it in every error. */
export function parseBaseline(text: string, where: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: invalid JSON: ${(err as Error).message}`);
  }
  if (!isPlainObject(raw) || raw.format !== 1) throw new Error(`${where}: not a seqsentry baseline (need an object with "format": 1)`);
  if (typeof raw.preset !== 'string') throw new Error(`${where}: "preset" must be a string`);
  if (!Array.isArray(raw.tolerances)) throw new Error(`${where}: "tolerances" must be an array of rules`);
  raw.tolerances.forEach((r, i) => checkRule(r, `${where}: tolerances[${i}]`));
  if (!isPlainObject(raw.notebooks)) throw new Error(`${where}: "notebooks" must be an object`);
  for (const [nb, e] of Object.entries(raw.notebooks)) {
    if (!isPlainObject(e) || !isPlainObject(e.values)) throw new Error(`${where}: notebooks["${nb}"] needs "values"`);
    for (const [k, v] of Object.entries(e.values)) {
      if (v !== null && typeof v !== 'number') throw new Error(`${where}: notebooks["${nb}"].values["${k}"] must be a number or null`);
    }
  }
  const notebooks: Record<string, BaselineEntry> = {};
  for (const [nb, e] of Object.entries(raw.notebooks as Record<string, Record<string, unknown>>)) {
    notebooks[nb] = { context: isPlainObject(e.context) ? (e.context as Record<string, string>) : {}, values: e.values as Record<string, TrackedValue> };
  }
  return {
    format: 1,
    about: Array.isArray(raw.about) ? raw.about.map(String) : [],
    preset: raw.preset,
    updated_at: typeof raw.updated_at === 'string' ? raw.updated_at : '',
    commit: typeof raw.commit === 'string' ? raw.commit : null,
    tolerances: raw.tolerances as ToleranceRule[],
    notebooks,
  };
}

function checkRule(r: unknown, where: string): void {
  const p = isPlainObject(r) ? r.pattern : undefined;
  const ok = (x: unknown) => typeof x === 'string' && x !== '';
  if (!isPlainObject(r) || !(ok(p) || (Array.isArray(p) && p.length > 0 && p.every(ok)))) throw new Error(`${where} needs a "pattern": a glob string or an array of them`);
  for (const f of ['absolute', 'relative'] as const) {
    if (r[f] !== undefined && !(typeof r[f] === 'number' && (r[f] as number) >= 0)) throw new Error(`${where}.${f} must be a number ≥ 0`);
  }
  if (r.absolute === undefined && r.relative === undefined) throw new Error(`${where} needs "absolute" or "relative"`);
  if (r.warn_only !== undefined && typeof r.warn_only !== 'boolean') throw new Error(`${where}.warn_only must be true or false`);
}

/** Baseline as written: 2-space JSON, trailing newline, notebooks and keys sorted. */
export function serializeBaseline(b: Baseline): string {
  const notebooks: Record<string, BaselineEntry> = {};
  for (const nb of Object.keys(b.notebooks).sort()) notebooks[nb] = { context: sortKeys(b.notebooks[nb].context), values: sortKeys(b.notebooks[nb].values) };
  return JSON.stringify({ ...b, notebooks }, null, 2) + '\n';
}

/** The first rule whose pattern matches `key`, or null (then the value must not move at all). */
export function ruleFor(key: string, rules: ToleranceRule[]): ToleranceRule | null {
  return rules.find((r) => (Array.isArray(r.pattern) ? r.pattern : [r.pattern]).some((p) => globToRegExp(p).test(key))) ?? null;
}

/** Whether `now` is within `rule` of `base` (null equals only null). */
export function withinTolerance(base: TrackedValue, now: TrackedValue, rule: ToleranceRule | null): boolean {
  if (base === null || now === null) return base === now;
  const allowed = Math.max(rule?.absolute ?? 0, (rule?.relative ?? 0) * Math.abs(base));
  // A little slack for values that round-trip through JSON text.
  return Math.abs(now - base) <= allowed + 1e-12 * Math.max(1, Math.abs(base));
}

/** `±0.02`, `±1%`, `±75% or 2, warn only`, `exact` (no rule). */
export function describeRule(rule: ToleranceRule | null): string {
  if (!rule) return 'exact';
  const parts = [];
  if (rule.relative !== undefined) parts.push(`±${+(rule.relative * 100).toPrecision(3)}%`);
  if (rule.absolute !== undefined) parts.push(rule.relative !== undefined ? `${rule.absolute}` : `±${rule.absolute}`);
  return parts.join(' or ') + (rule.warn_only ? ', warn only' : '');
}

/** Compare the records of this run with `baseline` (notebooks the run did not include are not compared). */
export function compareToBaseline(baseline: Baseline, records: TrackedRecord[]): Comparison {
  const rows: CompareRow[] = [];
  const notes: string[] = [];
  for (const rec of records) {
    const entry = baseline.notebooks[rec.notebook];
    if (rec.status !== 'ok') {
      notes.push(`${rec.notebook}: not compared (the notebook ${rec.status})`);
      continue;
    }
    if (!entry) {
      notes.push(`${rec.notebook}: not in the baseline (${Object.keys(rec.values).length} values); add it with --update-baseline`);
      continue;
    }
    for (const [k, v] of Object.entries(entry.context)) {
      if (rec.context[k] !== undefined && rec.context[k] !== v) notes.push(`${rec.notebook}: ${k} was ${v}, now ${rec.context[k]}`);
    }
    rows.push(...compareValues(rec.notebook, entry.values, rec.values, baseline.tolerances));
  }
  return { rows, notes, failed: rows.some((r) => r.severity === 'fail') };
}

/** Compare one notebook's values, key by key (sorted). */
export function compareValues(
  notebook: string,
  base: Record<string, TrackedValue>,
  now: Record<string, TrackedValue>,
  rules: ToleranceRule[],
): CompareRow[] {
  const keys = [...new Set([...Object.keys(base), ...Object.keys(now)])].sort();
  return keys.map((key) => {
    const rule = ruleFor(key, rules);
    const b = key in base ? base[key] : undefined;
    const n = key in now ? now[key] : undefined;
    const change = typeof b === 'number' && typeof n === 'number' ? n - b : null;
    const row = { notebook, key, baseline: b, now: n, change, tolerance: describeRule(rule), warnOnly: rule?.warn_only === true };
    if (b === undefined) return { ...row, status: 'new' as const, severity: 'warn' as const };
    const soft = rule?.warn_only ? ('warn' as const) : ('fail' as const);
    if (n === undefined) return { ...row, status: 'missing' as const, severity: soft };
    if (withinTolerance(b, n, rule)) return { ...row, status: 'ok' as const, severity: 'ok' as const };
    return { ...row, status: soft, severity: soft };
  });
}

/** Options for `updateBaseline`. */
export interface UpdateOptions {
  preset: string;
  commit: string | null;
  /** ISO time of the update. */
  now: string;
  /** Drop notebooks of the old baseline this run did not include (a run over every notebook). */
  prune: boolean;
}

/** A new baseline from this run's records (failed notebooks keep their old entry); `changes` says what moved. */
export function updateBaseline(old: Baseline | null, records: TrackedRecord[], opts: UpdateOptions): { baseline: Baseline; comparison: Comparison } {
  const tolerances = old?.tolerances ?? DEFAULT_TOLERANCES;
  const notebooks: Record<string, BaselineEntry> = {};
  const notes: string[] = [];
  const ran = new Set(records.map((r) => r.notebook));
  for (const [nb, e] of Object.entries(old?.notebooks ?? {})) {
    if (!ran.has(nb) && opts.prune) notes.push(`${nb}: removed (no such notebook in this run)`);
    else notebooks[nb] = e;
  }
  const rows: CompareRow[] = [];
  for (const rec of records) {
    if (rec.status !== 'ok') {
      notes.push(`${rec.notebook}: ${notebooks[rec.notebook] ? 'kept its old baseline' : 'not added'} (the notebook ${rec.status})`);
      continue;
    }
    const before = old?.notebooks[rec.notebook];
    if (!before) notes.push(`${rec.notebook}: added (${Object.keys(rec.values).length} values)`);
    else rows.push(...compareValues(rec.notebook, before.values, rec.values, tolerances));
    notebooks[rec.notebook] = { context: rec.context, values: rec.values };
  }
  const baseline: Baseline = { format: 1, about: BASELINE_ABOUT, preset: opts.preset, updated_at: opts.now, commit: opts.commit, tolerances, notebooks };
  return { baseline, comparison: { rows, notes, failed: false } };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}
