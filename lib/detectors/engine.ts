/**
 * Which engine scores a network: ONNX Runtime (the model translated to ONNX in memory, lib/onnx) or
 * TF.js. `SEQSENTRY_SCORER=auto` (default) uses ONNX Runtime whenever the network exports and
 * onnxruntime-node loads, else TF.js, saying why; `ort` makes either failure an error; `tfjs` never
 * uses ONNX Runtime. Training always runs in TF.js. The session is built from the weights as they are
 * at scoring time and rebuilt when they change (fine-tuning), so a stale model never scores.
 */
import { createHash } from 'node:crypto';
import type { tf } from '../engine';
import { networkToOnnx, type OnnxHead } from '../onnx/convert';
import { loadOrt, ortLabel, ortLoadError, OrtSession } from '../onnx/ort';

export const SCORER_ENV = 'SEQSENTRY_SCORER';
export type ScorerSetting = 'auto' | 'ort' | 'tfjs';
const SETTINGS: readonly ScorerSetting[] = ['auto', 'ort', 'tfjs'];

/** The SEQSENTRY_SCORER setting (default auto); an unknown value is an error naming the variable. */
export function scorerSetting(): ScorerSetting {
  const raw = (process.env[SCORER_ENV] ?? '').trim();
  if (raw === '') return 'auto';
  if (!(SETTINGS as readonly string[]).includes(raw)) throw new Error(`${SCORER_ENV} must be one of ${SETTINGS.join(', ')}, got "${raw}"`);
  return raw as ScorerSetting;
}

/** What scores a network: an ORT session, or TF.js with the reason ORT is not used. */
export type NetworkEngine = { engine: 'ort'; session: OrtSession; label: string } | { engine: 'tfjs'; reason: string; label: string };

interface Cached {
  head: string;
  fingerprint: string;
  session: OrtSession;
}

const sessions = new WeakMap<tf.LayersModel, Cached>();
const announced = new Set<string>();
let engineLog: (line: string) => void = (line) => console.log(line);

/** Where the once-per-detector engine line goes (default console.log). */
export function setEngineLog(log: (line: string) => void): void {
  engineLog = log;
}

/**
 * The engine for `model` scored with `head`, announced once per process and detector (`who`), e.g.
 * `scoring engine for gru_sae: onnxruntime-node 1.30.0 (cpu, 1 thread)`.
 */
export async function networkEngine(model: tf.LayersModel, head: OnnxHead, who: string): Promise<NetworkEngine> {
  const setting = scorerSetting();
  const chosen = await choose(model, head, setting);
  const key = `${who}\u0000${chosen.engine}`;
  if (!announced.has(key)) {
    announced.add(key);
    engineLog(`scoring engine for ${who}: ${chosen.label}${chosen.engine === 'tfjs' ? ` (${chosen.reason})` : ''}`);
  }
  return chosen;
}

async function choose(model: tf.LayersModel, head: OnnxHead, setting: ScorerSetting): Promise<NetworkEngine> {
  if (setting === 'tfjs') return { engine: 'tfjs', reason: `${SCORER_ENV}=tfjs`, label: 'TF.js' };
  if (!loadOrt()) {
    const why = `onnxruntime-node cannot be loaded: ${ortLoadError()}`;
    if (setting === 'ort') throw new Error(`${SCORER_ENV}=ort: ${why}`);
    return { engine: 'tfjs', reason: why, label: 'TF.js' };
  }
  try {
    const session = await ortSession(model, head);
    return { engine: 'ort', session, label: ortLabel(session.threads) };
  } catch (err) {
    if (setting === 'ort') throw new Error(`${SCORER_ENV}=ort: ${(err as Error).message}`);
    return { engine: 'tfjs', reason: `not exported to ONNX: ${(err as Error).message}`, label: 'TF.js' };
  }
}

/** The cached session of `model`, rebuilt when its weights (or the head) changed since it was built. */
async function ortSession(model: tf.LayersModel, head: OnnxHead): Promise<OrtSession> {
  const headKey = JSON.stringify(head);
  const fingerprint = weightsFingerprint(model);
  const cached = sessions.get(model);
  if (cached && cached.head === headKey && cached.fingerprint === fingerprint) return cached.session;
  const session = await OrtSession.create(networkToOnnx(model, head).bytes);
  if (cached) await cached.session.release();
  sessions.set(model, { head: headKey, fingerprint, session });
  return session;
}

/** SHA-1 of every weight's bytes, in order (a few ms for the largest model here). */
function weightsFingerprint(model: tf.LayersModel): string {
  const h = createHash('sha1');
  for (const w of model.weights) {
    const d = w.read().dataSync() as Float32Array;
    h.update(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  }
  return h.digest('hex');
}

/** Free the ORT session kept for `model` (disposing a detector calls this). */
export async function releaseEngine(model: tf.LayersModel): Promise<void> {
  const cached = sessions.get(model);
  sessions.delete(model);
  if (cached) await cached.session.release();
}
