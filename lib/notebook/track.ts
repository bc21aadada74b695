import * as path from 'node:path';
import { readJson } from '../io/files';
import { globToRegExp } from '../io/paths';
import { kernelWriter } from '../viz/notebook';

// What a notebook asks the nightly regression to track. A final cell calls `track` (its own counts)
// and `trackRunFolder` (its run folder's metrics.json); each sends one display output of MIME type
// TRACKED_MIME, which `npm run notebooks` collects into the notebook's tracked record and compares
// with the committed baseline (lib/notebook/baseline.ts). Outside a kernel both only return values.

/** The display MIME type the executor collects (JSON; the executed copy keeps it as an ordinary output). */
export const TRACKED_MIME = 'application/vnd.seqsentry.tracked+json';

/** A tracked value: a number, or null for "not a finite number" (NaN, ±Infinity and null in metrics.json). */
export type TrackedValue = number | null;

/** One `track` call's payload (the TRACKED_MIME data). */
export interface TrackedPayload {
  format: 1;
  values: Record<string, TrackedValue>;
  /** Strings that say what the numbers came from (run folder, config hash); shown, never compared as numbers. */
  context: Record<string, string>;
}

/** Keys the executor measures itself (lib/notebook/tracked.ts); a notebook may not set them. */
export const EXECUTOR_KEYS = /^seconds\.(total|kernel_start|cell\.\d+)$/;

const KEY = /^[^\s]{1,200}$/;

/** Options for `track`. */
export interface TrackOptions {
  /** Strings shown beside the numbers (e.g. `{ run: 'outputs/l1/…' }`). */
  context?: Record<string, string>;
}

/**
 * Track `values` (flat: key → number) for the nightly regression: name counts `count.<what>` (relative
 * tolerance) and timings `seconds.<what>` (warn only); anything else is a metric (absolute tolerance).
 * NaN and ±Infinity are tracked as null. Throws, naming the key, on a key with whitespace or a
 * non-number. Returns the values as tracked.
 */
export function track(values: Record<string, unknown>, opts: TrackOptions = {}): Record<string, TrackedValue> {
  const payload = trackedPayload(values, opts.context ?? {});
  const write = kernelWriter();
  if (write) write({ data: { [TRACKED_MIME]: payload, 'text/plain': describeTracked(payload) }, metadata: {}, transient: {} }, false);
  return payload.values;
}

/** Options for `trackRunFolder`. */
export interface TrackRunFolderOptions {
  /** `*`-globs over metrics.json keys (default: every key); one that matches nothing is an error. */
  keys?: string[];
  /** Extra values (counts, e.g. `count.windows_scored`) tracked with the metrics. */
  extra?: Record<string, unknown>;
  /** Extra context beside the run folder and its config hash. */
  context?: Record<string, string>;
}

/**
 * Track the flat metrics record `<dir>/metrics.json` of a run folder (numbers and nulls; other
 * entries are skipped), with its config hash from `run.json` as context. Returns the values.
 */
export function trackRunFolder(dir: string, opts: TrackRunFolderOptions = {}): Record<string, TrackedValue> {
  const metrics = readJson<Record<string, unknown>>(path.join(dir, 'metrics.json'), 'run folder metrics');
  const manifest = readJsonOrNull(path.join(dir, 'run.json'));
  const rel = path.relative(process.cwd(), path.resolve(dir));
  const context: Record<string, string> = { run: rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(dir) };
  if (manifest && typeof manifest.config_hash === 'string') context.config_hash = manifest.config_hash;
  return track({ ...pickMetrics(metrics, opts.keys), ...opts.extra }, { context: { ...context, ...opts.context } });
}

/** The numeric (and null) entries of a flat metrics record, optionally only keys matching `keys` globs. */
export function pickMetrics(record: Record<string, unknown>, keys?: string[]): Record<string, unknown> {
  const globs = keys?.map((k) => ({ k, re: globToRegExp(k), hit: false }));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (typeof v !== 'number' && v !== null) continue;
    const g = globs?.filter((x) => x.re.test(k));
    if (globs && !g?.length) continue;
    g?.forEach((x) => (x.hit = true));
    out[k] = v;
  }
  const unmatched = globs?.filter((x) => !x.hit).map((x) => x.k) ?? [];
  if (unmatched.length) throw new Error(`trackRunFolder: no numeric metric matches ${unmatched.map((k) => `"${k}"`).join(', ')}`);
  return out;
}

/** Validate and normalise values into a payload (pure). */
export function trackedPayload(values: Record<string, unknown>, context: Record<string, string>): TrackedPayload {
  if (!values || typeof values !== 'object' || Array.isArray(values)) throw new TypeError('track: expected an object of key → number');
  const out: Record<string, TrackedValue> = {};
  for (const key of Object.keys(values).sort()) {
    const v = values[key];
    if (!KEY.test(key)) throw new TypeError(`track: key ${JSON.stringify(key)} must be 1–200 characters without whitespace`);
    if (EXECUTOR_KEYS.test(key)) throw new TypeError(`track: key "${key}" is measured by the executor; name it differently`);
    // (typeof first: tslab's TypeScript 5.0 does not narrow unknown through `v !== null && …`.)
    if (typeof v === 'number') out[key] = Number.isFinite(v) ? v : null;
    else if (v === null) out[key] = null;
    else throw new TypeError(`track: "${key}" must be a number or null, got ${typeof v}`);
  }
  const ctx: Record<string, string> = {};
  for (const [k, v] of Object.entries(context)) ctx[k] = String(v);
  return { format: 1, values: out, context: ctx };
}

/** The text/plain stand-in: how many values, and the first few. */
export function describeTracked(p: TrackedPayload, shown = 12): string {
  const entries = Object.entries(p.values);
  const lines = entries.slice(0, shown).map(([k, v]) => `  ${k} = ${v === null ? 'null' : +v.toPrecision(6)}`);
  if (entries.length > shown) lines.push(`  … and ${entries.length - shown} more`);
  return [`tracked ${entries.length} value(s) for the nightly regression`, ...lines].join('\n');
}

function readJsonOrNull(file: string): Record<string, unknown> | null {
  try {
    return readJson<Record<string, unknown>>(file);
  } catch {
    return null;
  }
}
