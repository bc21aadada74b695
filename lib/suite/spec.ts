/**
 * A benchmark suite file (configs/suites/<name>.json). Two kinds, by `pipeline`:
 * - `series` (the default): the series to evaluate on, the detectors and their settings, the seeds, and
 *   L1 settings layered over the preset — one job per (series, detector, seed);
 * - `gru-sae` or `nids`: a dataset family run through that pipeline as a user runs it (the GRU-SAE
 *   pipeline's stages 1–4, or the NIDS classifier run), one job per (dataset, seed), with `settings`
 *   (that pipeline's config keys) over the preset; its detectors are the pipeline's own set.
 * `parseSuite` is pure: it checks the shape and names every bad key; finding the files is the jobs' work.
 */
import { isPlainObject } from '../config/merge';

/** One source of series: an SMD-layout folder, three explicit files, or the seeded synthetic series. */
export type SeriesSource =
  | { layout: 'smd'; dir: string; entities: string[] | '*' }
  | { layout: 'files'; id: string; train: string; test: string; labels: string; header?: 'auto' | 'yes' | 'no' }
  | { layout: 'synthetic'; id: string; seed?: number; train_rows?: number; test_rows?: number; features?: number; events?: [number, number][] };

/** What a suite runs: detectors on series, or a whole pipeline per dataset. */
export type SuitePipeline = 'series' | 'gru-sae' | 'nids';
export const SUITE_PIPELINES: readonly SuitePipeline[] = ['series', 'gru-sae', 'nids'];

export interface Suite {
  name: string;
  description: string;
  pipeline: SuitePipeline;
  /** `series` suites: the sources of series (empty for pipeline suites). */
  series: SeriesSource[];
  /** Pipeline suites: the built-in datasets of that pipeline (empty for series suites). */
  datasets: string[];
  /** Pipeline suites: config keys of the pipeline (nested or dotted) over the preset, the same for every job. */
  settings: Record<string, unknown>;
  /** Detector kind → its settings (nested, layered over the defaults the suite derives from L1's config). */
  detectors: Record<string, Record<string, unknown>>;
  /** Default seeds (`--seeds` overrides). */
  seeds: number[];
  /** L1 config keys (nested or dotted) over the preset's "l1" section: window, eval budgets, baselines … */
  l1: Record<string, unknown>;
}

const SOURCE_KEYS: Record<SeriesSource['layout'], string[]> = {
  smd: ['layout', 'dir', 'entities'],
  files: ['layout', 'id', 'train', 'test', 'labels', 'header'],
  synthetic: ['layout', 'id', 'seed', 'train_rows', 'test_rows', 'features', 'events'],
};

/** Parse a suite file's text; `file` names it in errors. */
export function parseSuite(text: string, file: string): Suite {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`suite ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const fail = (why: string): never => {
    throw new Error(`suite ${file}: ${why}`);
  };
  if (!isPlainObject(raw)) return fail('expected a JSON object');
  const pipeline = (raw.pipeline ?? 'series') as SuitePipeline;
  if (!SUITE_PIPELINES.includes(pipeline)) fail(`"pipeline" must be one of ${SUITE_PIPELINES.join(', ')}, got ${JSON.stringify(raw.pipeline)}`);
  const name = raw.name;
  if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) fail(`"name" must be a plain name (letters, digits, _ . -), got ${JSON.stringify(name)}`);
  if (raw.description !== undefined && typeof raw.description !== 'string') fail('"description" must be text');
  const seeds = raw.seeds ?? [42];
  if (!Array.isArray(seeds) || !seeds.length || seeds.some((s) => !Number.isInteger(s))) fail(`"seeds" must be a non-empty list of integers, got ${JSON.stringify(seeds)}`);
  const common = { name: name as string, description: (raw.description as string | undefined) ?? '', seeds: seeds as number[] };
  if (pipeline !== 'series') {
    unknownKeys(raw, ['name', 'description', 'pipeline', 'datasets', 'settings', 'seeds'], '', fail, ` (a ${pipeline} suite runs the pipeline's own detectors on its datasets)`);
    const datasets = raw.datasets;
    if (!Array.isArray(datasets) || !datasets.length || datasets.some((d) => typeof d !== 'string' || !/^[\w-]+$/.test(d))) fail(`"datasets" must be a non-empty list of dataset names, got ${JSON.stringify(datasets)}`);
    if (new Set(datasets as string[]).size !== (datasets as string[]).length) fail('"datasets" lists a dataset twice');
    if (raw.settings !== undefined && !isPlainObject(raw.settings)) fail(`"settings" must be an object of ${pipeline} config keys`);
    return { ...common, pipeline, series: [], datasets: datasets as string[], settings: (raw.settings as Record<string, unknown> | undefined) ?? {}, detectors: {}, l1: {} };
  }
  unknownKeys(raw, ['name', 'description', 'pipeline', 'series', 'detectors', 'seeds', 'l1'], '', fail);
  if (!Array.isArray(raw.series) || raw.series.length === 0) fail('"series" must be a non-empty list of sources');
  const series = (raw.series as unknown[]).map((s, i) => parseSource(s, `series[${i}]`, fail));
  if (!isPlainObject(raw.detectors) || Object.keys(raw.detectors).length === 0) fail('"detectors" must be an object of detector kind → settings');
  const detectors = raw.detectors as Record<string, unknown>;
  for (const [k, v] of Object.entries(detectors)) if (!isPlainObject(v)) fail(`detectors.${k} must be an object of settings (use {} for the defaults)`);
  if (raw.l1 !== undefined && !isPlainObject(raw.l1)) fail('"l1" must be an object of L1 config keys');
  return {
    ...common, pipeline, series, datasets: [], settings: {},
    detectors: detectors as Record<string, Record<string, unknown>>, l1: (raw.l1 as Record<string, unknown> | undefined) ?? {},
  };
}

function parseSource(s: unknown, where: string, fail: (why: string) => never): SeriesSource {
  if (!isPlainObject(s)) return fail(`${where} must be an object`);
  const layout = s.layout as SeriesSource['layout'];
  if (!(layout in SOURCE_KEYS)) fail(`${where}.layout must be one of ${Object.keys(SOURCE_KEYS).join(', ')}, got ${JSON.stringify(s.layout)}`);
  unknownKeys(s, SOURCE_KEYS[layout], `${where}.`, fail);
  const str = (k: string) => (typeof s[k] === 'string' && (s[k] as string).length > 0) || fail(`${where}.${k} must be a non-empty string`);
  if (layout === 'smd') {
    str('dir');
    const e = s.entities;
    if (e !== '*' && !(Array.isArray(e) && e.length > 0 && e.every((x) => typeof x === 'string' && /^[\w.-]+$/.test(x)))) {
      fail(`${where}.entities must be "*" (every <entity>_train/test/test_label triple in dir) or a list of entity names`);
    }
  } else {
    str('id');
    if (!/^[\w.-]+$/.test(s.id as string)) fail(`${where}.id must be a plain name (letters, digits, _ . -), got ${JSON.stringify(s.id)}`);
    if (layout === 'files') for (const k of ['train', 'test', 'labels']) str(k);
    if (layout === 'files' && s.header !== undefined && !['auto', 'yes', 'no'].includes(s.header as string)) fail(`${where}.header must be "auto", "yes" or "no"`);
    if (layout === 'synthetic') {
      for (const k of ['seed', 'train_rows', 'test_rows', 'features']) if (s[k] !== undefined && !Number.isInteger(s[k])) fail(`${where}.${k} must be an integer`);
    }
  }
  return s as unknown as SeriesSource;
}

function unknownKeys(o: Record<string, unknown>, known: string[], prefix: string, fail: (why: string) => never, why = ''): void {
  for (const k of Object.keys(o)) if (!known.includes(k)) fail(`unknown key "${prefix}${k}" (known keys here: ${known.join(', ')})${why}`);
}
