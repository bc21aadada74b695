/**
 * Encoder state on disk: `encoder_state.json` (vocabularies, idf, categories, scaler, feature
 * order, window settings; all numbers as JSON doubles, which round-trip exactly) plus
 * `svd_components.npy` (float64 [k, d]).
 */
import * as path from 'node:path';
import { readJson, writeJson } from '../../io/files';
import { loadNpy, saveNpy, type NdArray } from '../../io/npy';
import { float64FromJSON, oneHotFromJSON, scalerFromJSON, scalerToJSON, svdFromJSON, svdToJSON, tfidfFromJSON } from '../../features';
import { ENCODER_FORMAT, encodedNames, featureNames, type EncoderState } from './state';

export const ENCODER_STATE_FILE = 'encoder_state.json';
export const SVD_COMPONENTS_FILE = 'svd_components.npy';

/** JSON form of the state: the SVD's components are replaced by a reference to the .npy file; scalers exact (lib/features scalerToJSON). */
export function encoderStateJson(state: EncoderState): Record<string, unknown> {
  const { svd, ...rest } = state;
  // Spreading over `rest` keeps each key where it was: the file's layout does not change.
  const json: Record<string, unknown> = { ...rest, numeric: { ...state.numeric, scaler: state.numeric.scaler && scalerToJSON(state.numeric.scaler) } };
  if (state.novelty_scaler) json.novelty_scaler = scalerToJSON(state.novelty_scaler);
  if (state.combinations) json.combinations = { ...state.combinations, scaler: scalerToJSON(state.combinations.scaler) };
  if (state.final_svd) json.final_svd = { input_names: state.final_svd.input_names, model: svdToJSON(state.final_svd.model) };
  if (!svd) return { ...json, svd: null };
  return {
    ...json,
    svd: {
      k: svd.k, d: svd.d, singular_values: svd.singularValues, explained_variance: svd.explainedVariance, explained_variance_ratio: svd.explainedVarianceRatio,
      components_file: SVD_COMPONENTS_FILE, components_shape: [svd.k, svd.d],
    },
  };
}

/** Rebuild a state from its JSON form and the components array; checks format, shapes and every fitted transform. */
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
    const perComponent = (v: unknown, key: string) => Array.from(float64FromJSON(v, `${where}: svd.${key}`, { length: k, check: (x) => (x >= 0 ? null : 'must be ≥ 0') }));
    svd = {
      k, d, components: components.data, singularValues: perComponent(raw.svd.singular_values, 'singular_values'),
      explainedVariance: perComponent(raw.svd.explained_variance, 'explained_variance'), explainedVarianceRatio: perComponent(raw.svd.explained_variance_ratio, 'explained_variance_ratio'),
    };
  }
  const state: EncoderState = { ...raw, ...fittedTransforms(raw, where), svd };
  const final = (json as { final_svd?: { input_names: unknown; model: unknown } | null }).final_svd;
  if (final) {
    if (!Array.isArray(final.input_names) || !final.input_names.every((n) => typeof n === 'string')) throw new Error(`${where}: final_svd.input_names must be the list of encoded feature names`);
    const model = svdFromJSON(final.model, `${where}: final_svd.model`);
    if (model.d !== final.input_names.length) throw new Error(`${where}: final_svd reduces ${model.d} features but names ${final.input_names.length}`);
    state.final_svd = { input_names: final.input_names as string[], model };
    const encoded = encodedNames({ ...state, final_svd: null });
    if (encoded.join('\u0000') !== state.final_svd.input_names.join('\u0000')) throw new Error(`${where}: final_svd.input_names (${final.input_names.length}) disagree with the fitted encoders (${encoded.length})`);
  }
  const expected = featureNames(state);
  if (expected.join('\u0000') !== state.feature_names.join('\u0000')) throw new Error(`${where}: feature_names (${state.feature_names.length}) disagree with the fitted encoders (${expected.length})`);
  return state;
}

/** The state's vocabularies, categories and scalers, each read by its lib/features fromJSON (shape and types checked). */
function fittedTransforms(raw: Omit<EncoderState, 'svd'>, where: string): Pick<EncoderState, 'text' | 'categorical' | 'numeric' | 'novelty_scaler' | 'combinations'> {
  if (!Array.isArray(raw.text) || !Array.isArray(raw.categorical) || !raw.numeric) throw new Error(`${where}: expected text and categorical lists and a numeric block`);
  const text = raw.text.map((t, i) => {
    const m = tfidfFromJSON({ vocab: t.vocab, idf: t.idf, nDocs: t.n_docs }, `${where}: text[${i}] (${t.column})`);
    return { column: t.column, vocab: m.vocab, idf: m.idf, n_docs: m.nDocs };
  });
  const categorical = raw.categorical.map((c, i) => ({ column: c.column, categories: oneHotFromJSON(c.categories, `${where}: categorical[${i}] (${c.column}) categories`) }));
  const numeric = { ...raw.numeric, scaler: raw.numeric.scaler ? scalerFromJSON(raw.numeric.scaler, `${where}: numeric.scaler`) : null };
  const out: ReturnType<typeof fittedTransforms> = { text, categorical, numeric };
  if (raw.novelty_scaler) out.novelty_scaler = scalerFromJSON(raw.novelty_scaler, `${where}: novelty_scaler`);
  if (raw.combinations) out.combinations = { ...raw.combinations, scaler: scalerFromJSON(raw.combinations.scaler, `${where}: combinations.scaler`) };
  return out;
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
