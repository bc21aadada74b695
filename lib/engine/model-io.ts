import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeDirAtomic, writeJson, readJson } from '../io/files';
import './layers'; // registers the custom layers before any model is deserialised
import './optim';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, int16: 2, float16: 2 };

/**
 * Save a layers model to `dir` as TF.js's standard `model.json` + `weights.bin` (readable by
 * tfjs-node's `file://` loader and tfjs's Python converter). Written atomically: on failure the
 * previous folder, if any, is left as it was. `metadata` goes into `userDefinedMetadata`.
 */
export async function saveModel(model: tf.LayersModel, dir: string, opts: { metadata?: Record<string, unknown> } = {}): Promise<void> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  const a = artifacts as tf.io.ModelArtifacts | null;
  if (!a?.modelTopology || !a.weightSpecs) throw new Error(`saveModel: TF.js returned no topology for ${model.name}`);
  const weights = new Uint8Array(a.weightData ? tf.io.CompositeArrayBuffer.join(a.weightData) : new ArrayBuffer(0));
  const modelJson: tf.io.ModelJSON = {
    modelTopology: a.modelTopology as object,
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: a.weightSpecs }],
    ...(opts.metadata ? { userDefinedMetadata: opts.metadata as Record<string, {}> } : {}),
  };
  await writeDirAtomic(dir, (tmp) => {
    fs.writeFileSync(path.join(tmp, WEIGHTS_BIN), weights);
    writeJson(path.join(tmp, MODEL_JSON), modelJson);
  });
}

/** Read the `userDefinedMetadata` a model folder was saved with ({} when none). */
export function readModelMetadata(dir: string): Record<string, unknown> {
  return (readModelJson(dir).userDefinedMetadata ?? {}) as Record<string, unknown>;
}

function readModelJson(dir: string): tf.io.ModelJSON {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`model folder not found: ${dir} (expected a folder written by saveModel with ${MODEL_JSON} and ${WEIGHTS_BIN})`);
  }
  const json = readJson<tf.io.ModelJSON>(path.join(dir, MODEL_JSON), `model file`);
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${path.join(dir, MODEL_JSON)} is not a TF.js layers model (no modelTopology or weightsManifest)`);
  }
  return json;
}

/** Load a model saved by `saveModel` (or any TF.js layers model folder), without tfjs-node. */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const json = readModelJson(dir);
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = json.weightsManifest.flatMap((g) =>
    g.paths.map((p) => {
      const file = path.join(dir, p);
      if (!fs.existsSync(file)) throw new Error(`weights file missing: ${file} (listed in ${MODEL_JSON}); the model folder is incomplete, save it again`);
      const b = fs.readFileSync(file);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    }),
  );
  const weightData = tf.io.CompositeArrayBuffer.join(buffers);
  const expected = specs.reduce((sum, s) => sum + s.shape.reduce((p, d) => p * d, 1) * (DTYPE_BYTES[s.dtype] ?? 4), 0);
  if (!specs.some((s) => s.quantization) && weightData.byteLength !== expected) {
    throw new Error(`weights in ${dir} hold ${weightData.byteLength} bytes but ${MODEL_JSON} describes ${expected}; the folder is corrupt or mixed, save it again`);
  }
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
  } catch (err) {
    const msg = (err as Error).message;
    const hint = /Unknown (layer|initializer|regularizer|constraint)/.test(msg)
      ? ' — a custom class is not registered: import its module (e.g. lib/engine) before loading'
      : '';
    throw new Error(`cannot load model from ${dir}: ${msg.split('\n')[0]}${hint}`);
  }
}
