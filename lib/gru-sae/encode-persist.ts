/**
 * Encoder state on disk: `encoder_state.json` (vocabularies, idf, categories, scaler, feature
 * order, window settings; all numbers as JSON doubles, which round-trip exactly) plus
 * `svd_components.npy` (float64 [k, d]).
 */
import * as path from 'node:path';
import { readJson, writeJson } from '../io/files';
import { loadNpy, saveNpy, type NdArray } from '../io/npy';
import { ENCODER_FORMAT, featureNames, type EncoderState } from './encode-state';

export const ENCODER_STATE_FILE = 'encoder_state.json';
export const SVD_COMPONENTS_FILE = 'svd_components.npy';

/** JSON form of the state: the SVD's components are replaced by a reference to the .npy file. */
export function encoderStateJson(state: EncoderState): Record<string, unknown> {
  const { svd, ...rest } = state;
  if (!svd) return { ...rest, svd: null };
  return {
    ...rest,
    svd: {
      k: svd.k, d: svd.d, singular_values: svd.singularValues, explained_variance: svd.explainedVariance, explained_variance_ratio: svd.explainedVarianceRatio,
      components_file: SVD_COMPONENTS_FILE, components_shape: [svd.k, svd.d],
    },
  };
}

/** Rebuild a state from its JSON form and the components array; checks format and shapes. */
export function parseEncoderState(json: Record<string, unknown>, components: NdArray | null, where = 'encoder state'): EncoderState {
  if (json.format !== ENCODER_FORMAT) throw new Error(`${where}: format "${String(json.format)}" is not ${ENCODER_FORMAT}`);
  type SvdJson = { k: number; d: number; singular_values: number[]; explained_variance: number[]; explained_variance_ratio: number[] };
  const raw = json as unknown as Omit<EncoderState, 'svd'> & { svd: SvdJson | null };
  let svd: EncoderState['svd'] = null;
  if (raw.svd) {
    if (!components) throw new Error(`${where}: the SVD needs ${SVD_COMPONENTS_FILE}`);
    const { k, d } = raw.svd;
    if (!(components.data instanceof Float64Array) || components.shape.join() !== `${k},${d}`) {
      throw new Error(`${where}: ${SVD_COMPONENTS_FILE} must be float64 [${k}, ${d}], got ${components.data.constructor.name} [${components.shape}]`);
    }
    svd = {
      k, d, components: components.data, singularValues: raw.svd.singular_values,
      explainedVariance: raw.svd.explained_variance, explainedVarianceRatio: raw.svd.explained_variance_ratio,
    };
  }
  const state: EncoderState = { ...raw, svd };
  const expected = featureNames(state);
  if (expected.join('\u0000') !== state.feature_names.join('\u0000')) throw new Error(`${where}: feature_names (${state.feature_names.length}) disagree with the fitted encoders (${expected.length})`);
  return state;
}

/** Write encoder_state.json (+ svd_components.npy) into `dir`. */
export function saveEncoder(dir: string, state: EncoderState): void {
  writeJson(path.join(dir, ENCODER_STATE_FILE), encoderStateJson(state));
  if (state.svd) saveNpy(path.join(dir, SVD_COMPONENTS_FILE), { data: state.svd.components, shape: [state.svd.k, state.svd.d] });
}

/** Load the encoder a stage-2 run saved (`R/encoded`), to encode new data identically. */
export function loadEncoder(dir: string): EncoderState {
  const file = path.join(dir, ENCODER_STATE_FILE);
  const json = readJson<Record<string, unknown>>(file, 'encoder state (written by stage 2, encode)');
  const components = json.svd ? loadNpy(path.join(dir, SVD_COMPONENTS_FILE)) : null;
  return parseEncoderState(json, components, file);
}
