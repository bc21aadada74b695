/**
 * Detectors by name: `createDetector(kind, config)` (config layered over the kind's defaults, unknown
 * keys an error naming them) and `loadDetector(dir)` (reads detector.json). An unknown kind is an
 * error listing the known ones.
 */
import { mergeStrict } from '../config/merge';
import { initEngine } from '../engine';
import { RANDOM_DEFAULTS, RandomDetector, ROW_DETECTOR_KINDS, RowsDetector, rowDetectorDefaults } from './classical';
import { GRU_CLASSIFIER_DEFAULTS, GruClassifier } from './classifier';
import { readDescription, type Detector, type DetectorDescription, type FitOptions } from './contract';
import type { Samples } from './samples';
import { CONV1D_AE_DEFAULTS, Conv1dAeDetector } from './conv1d-ae';
import { DENSE_AE_DEFAULTS, DenseAeDetector } from './dense-ae';
import { GRU_SAE_DETECTOR_DEFAULTS, GruSaeDetector } from './gru-sae';

interface Entry {
  defaults: object;
  /** Networks need the TF.js engine set up before they are built or loaded. */
  network: boolean;
  create(config: never): Detector;
  load(dir: string, d: DetectorDescription): Detector | Promise<Detector>;
}

const REGISTRY: Record<string, Entry> = {
  gru_sae: { defaults: GRU_SAE_DETECTOR_DEFAULTS, network: true, create: (c) => new GruSaeDetector(c), load: (dir, d) => new GruSaeDetector(d.config as never).restore(dir, d) },
  conv1d_ae: { defaults: CONV1D_AE_DEFAULTS, network: true, create: (c) => new Conv1dAeDetector(c), load: (dir, d) => new Conv1dAeDetector(d.config as never).restore(dir, d) },
  dense_ae: { defaults: DENSE_AE_DEFAULTS, network: true, create: (c) => new DenseAeDetector(c), load: (dir, d) => new DenseAeDetector(d.config as never).restore(dir, d) },
  ...Object.fromEntries(ROW_DETECTOR_KINDS.map((kind) => [kind, {
    defaults: rowDetectorDefaults(kind), network: false, create: (c: never) => new RowsDetector(kind, c), load: (dir: string, d: DetectorDescription) => RowsDetector.load(dir, d),
  } satisfies Entry])),
  random: { defaults: RANDOM_DEFAULTS, network: false, create: (c) => new RandomDetector(c), load: (dir, d) => RandomDetector.load(dir, d) },
};

/** Names of the anomaly detectors (the NIDS classifier is `gru_classifier`, loaded by loadClassifier). */
export const DETECTOR_KINDS: readonly string[] = Object.keys(REGISTRY);

function entry(kind: string, where: string): Entry {
  const e = REGISTRY[kind];
  if (!e) throw new Error(`${where}: unknown detector "${kind}"; known detectors: ${DETECTOR_KINDS.join(', ')}`);
  return e;
}

/** The default config of a detector kind (a copy). */
export function detectorDefaults(kind: string): Record<string, unknown> {
  return structuredClone(entry(kind, 'detectorDefaults').defaults) as Record<string, unknown>;
}

/** A new, unfitted detector: `config` (nested, partial) layered over the kind's defaults. */
export async function createDetector(kind: string, config: Record<string, unknown> = {}): Promise<Detector> {
  const e = entry(kind, 'createDetector');
  if (e.network) await initEngine({ quiet: true });
  return e.create(mergeStrict(structuredClone(e.defaults), config, `detector "${kind}" config`) as never);
}

/** A detector saved by `detector.save(dir)`, ready to score. */
export async function loadDetector(dir: string): Promise<Detector> {
  const d = readDescription(dir);
  if (d.kind === 'gru_classifier') throw new Error(`${dir} holds a classifier (gru_classifier), not an anomaly detector: use loadClassifier`);
  const e = entry(d.kind, `${dir}/detector.json`);
  if (e.network) await initEngine({ quiet: true });
  return e.load(dir, d);
}

/** A GRU NIDS classifier saved by `classifier.save(dir)`. */
export async function loadClassifier(dir: string): Promise<GruClassifier> {
  const d = readDescription(dir);
  if (d.kind !== 'gru_classifier') throw new Error(`${dir} holds a ${d.kind} detector, not a classifier: use loadDetector`);
  await initEngine({ quiet: true });
  return GruClassifier.load(dir, d);
}

/** A new GRU classifier with `config` over its defaults. */
export function createClassifier(config: Record<string, unknown> = {}): GruClassifier {
  return new GruClassifier(mergeStrict(structuredClone(GRU_CLASSIFIER_DEFAULTS), config, 'classifier "gru_classifier" config'));
}

/** Fitted detectors with their fit facts (`<name>.train.<fact>`) and fit seconds: the baselines of every pipeline. */
export interface FittedSet<N extends string> {
  detectors: Record<N, Detector>;
  facts: Record<string, number>;
  seconds: Record<N, number>;
}

/** Create and fit one detector per entry of `configs` (name → [kind, config]) on the same training samples. */
export async function fitDetectors<N extends string>(configs: Record<N, [string, Record<string, unknown>]>, train: Samples, opts: FitOptions = {}): Promise<FittedSet<N>> {
  const out = { detectors: {}, facts: {}, seconds: {} } as FittedSet<N>;
  for (const [name, [kind, config]] of Object.entries(configs) as [N, [string, Record<string, unknown>]][]) {
    const d = await createDetector(kind, config);
    const r = await d.fit(train, opts);
    out.detectors[name] = d;
    out.seconds[name] = r.seconds;
    for (const [k, v] of Object.entries(r.facts)) out.facts[`${name}.train.${k}`] = v;
  }
  return out;
}
