/**
 * Stage 2's pure core: split → sample → fit on train → encode every split → plan windows under
 * the memory cap. No files: encode.ts reads the parquet and writes what this returns.
 */
import { createRng } from '../../random';
import type { GruSaeConfig } from '../config';
import { gatherInput, gatherStage, groupIds, type EncodingColumns, type StageColumns } from './frame';
import { fitEncoder, transformRows, type EncodeInput, type EncoderState } from './state';
import { campaignSplit, planWindows, sampleBlocks, selectWindows, SPLITS, windowBytes, type SplitName, type SplitResult, type WindowPlan } from '../../features';

/** One split, encoded: feature rows plus the window plan over them. */
export interface EncodedSplit {
  stage: StageColumns;
  features: Float32Array;
  plan: WindowPlan;
  rowsInSplit: number;
  windowsPlanned: number;
  nonFinite: number;
}

export interface BuildResult {
  split: SplitResult;
  state: EncoderState;
  splits: Record<SplitName, EncodedSplit>;
  /** Human-readable notes on sampling and the memory cap (also logged). */
  messages: string[];
  memory: { limit_bytes: number; estimated_bytes: number; capped: boolean; keep_fraction: number };
  sampling: { sample_size: number | null; applied: Partial<Record<SplitName, { before: number; after: number; blocks: number }>> };
}

export interface BuildOptions {
  log?: (msg: string) => void;
}

/** Feature columns by role after the preset's use_* switches, and each text column's vocabulary size. */
export function selectColumns(enc: GruSaeConfig['encoding'], columns: EncodingColumns): { text: string[]; categorical: string[]; numeric: string[]; maxVocab: Record<string, number> } {
  const text = enc.use_text ? columns.text : [];
  const categorical = enc.use_categorical ? columns.categorical : [];
  const numeric = enc.use_numeric ? columns.numeric : [];
  if (text.length + categorical.length + numeric.length === 0) {
    throw new Error('encode: no feature columns to encode (check the schema\'s columns and the preset\'s use_text / use_categorical / use_numeric)');
  }
  const overrides = { ...(columns.tfidf_vocab ?? {}), ...(columns.tfidfVocab ?? {}) };
  const maxVocab = Object.fromEntries(text.map((c) => [c, overrides[c] ?? enc.tfidf_max_vocab]));
  return { text, categorical, numeric, maxVocab };
}

/** Run stage 2's computation on in-memory columns (rows in stage-1 order). */
export function buildEncoded(input: EncodeInput, stage: StageColumns, groupValues: readonly string[] | null, cfg: GruSaeConfig, columns: EncodingColumns, opts: BuildOptions = {}): BuildResult {
  const log = opts.log ?? (() => {});
  const enc = cfg.encoding;
  const messages: string[] = [];
  const say = (m: string) => {
    messages.push(m);
    log(m);
  };
  const chosen = selectColumns(enc, columns);
  const split = campaignSplit(stage, cfg.split);
  split.notes.forEach(say);
  const rng = createRng(cfg.seed);
  const groups = groupValues ? groupIds(groupValues) : null;
  const sampling: BuildResult['sampling'] = { sample_size: enc.sample_size, applied: {} };
  const parts = {} as Record<SplitName, { idx: Int32Array; segments?: Int32Array }>;
  for (const name of SPLITS) {
    const idx = split.indices[name];
    const sampled = sampleRows(idx, enc.sample_size, enc.seq_len, rng.fork(`sample:${name}`));
    if (sampled.idx.length < idx.length) {
      sampling.applied[name] = { before: idx.length, after: sampled.idx.length, blocks: sampled.blocks };
      say(`sample_size ${enc.sample_size}: ${name} keeps ${sampled.idx.length} of ${idx.length} rows in ${sampled.blocks} contiguous time blocks`);
    }
    parts[name] = { idx: sampled.idx, segments: combineSegments(sampled.block, groups, sampled.idx) };
  }
  const state = fitEncoder(gatherInput({ ...input, benign: Uint8Array.from(stage.label, (l) => 1 - l) }, parts.train.idx), {
    ...chosen,
    tokenPattern: enc.tfidf_token_pattern,
    maxCategories: enc.onehot_max_categories,
    numericLog: enc.numeric_log,
    svd: { components: enc.text_svd_components, oversamples: enc.svd_oversamples, powerIterations: enc.svd_power_iterations, seed: createRng(cfg.seed).fork('svd').int(0, 2 ** 31 - 1) },
    windows: { seq_len: enc.seq_len, stride: enc.stride, group_by: enc.group_by },
    novelty: enc.novelty_features,
    noveltyScale: enc.novelty_scale,
    timeOfDay: enc.time_of_day,
    combinations: enc.combination_counts,
    finalComponents: enc.max_features,
  });
  const F = state.feature_names.length;
  if (state.final_svd) {
    const ratio = state.final_svd.model.explainedVarianceRatio.reduce((a, b) => a + b, 0);
    say(`max_features ${enc.max_features}: truncated SVD of the whole encoded row, ${state.final_svd.input_names.length} → ${F} features per step (${(100 * ratio).toFixed(1)}% of the training variance)`);
  } else if (enc.max_features !== null) {
    say(`max_features ${enc.max_features} ≥ the ${F} encoded features per step: no final SVD (every feature kept)`);
  }
  const splits = {} as Record<SplitName, EncodedSplit>;
  for (const name of SPLITS) {
    const { idx, segments } = parts[name];
    const { features, nonFinite } = transformRows(state, gatherInput(input, idx));
    const plan = planWindows(idx.length, { seqLen: enc.seq_len, stride: enc.stride, segments });
    if (plan.ends.length === 0) throw new Error(`encode: the ${name} split has ${idx.length} rows but no window of seq_len ${enc.seq_len}${enc.group_by ? ` within any ${enc.group_by} value` : ''}; lower seq_len or use more data`);
    splits[name] = { stage: gatherStage(stage, idx), features, plan, rowsInSplit: split.indices[name].length, windowsPlanned: plan.ends.length, nonFinite };
  }
  const memory = capMemory(splits, enc, F, rng, say);
  return { split, state, splits, messages, memory, sampling };
}

/** Cap rows of one split at sampleSize with contiguous time blocks; block id per kept row (-1 = unsampled). */
function sampleRows(idx: Int32Array, sampleSize: number | null, seqLen: number, rng: ReturnType<typeof createRng>): { idx: Int32Array; block: Int32Array | null; blocks: number } {
  if (sampleSize !== null && !(Number.isInteger(sampleSize) && sampleSize >= seqLen)) throw new Error(`encoding.sample_size must be an integer ≥ seq_len (${seqLen}) or null, got ${sampleSize}`);
  if (sampleSize === null || idx.length <= sampleSize) return { idx, block: null, blocks: 1 };
  const keep = sampleBlocks(idx.length, sampleSize, rng);
  // A new block starts wherever the kept positions jump: windows must not bridge the gap.
  const block = new Int32Array(keep.length);
  for (let i = 1; i < keep.length; i++) block[i] = block[i - 1] + (keep[i] !== keep[i - 1] + 1 ? 1 : 0);
  return { idx: Int32Array.from(keep, (p) => idx[p]), block, blocks: keep.length ? block[keep.length - 1] + 1 : 0 };
}

function combineSegments(block: Int32Array | null, groups: Int32Array | null, idx: Int32Array): Int32Array | undefined {
  if (!block && !groups) return undefined;
  let nGroups = 1;
  if (groups) for (const g of groups) nGroups = Math.max(nGroups, g + 1);
  return Int32Array.from(idx, (row, i) => (block ? block[i] : 0) * nGroups + (groups ? groups[row] : 0));
}

function capMemory(splits: Record<SplitName, EncodedSplit>, enc: GruSaeConfig['encoding'], F: number, rng: ReturnType<typeof createRng>, say: (m: string) => void): BuildResult['memory'] {
  const limit = enc.memory_limit_gb * 1024 ** 3;
  if (!(limit > 0)) throw new Error(`encoding.memory_limit_gb must be > 0, got ${enc.memory_limit_gb}`);
  const estimated = SPLITS.reduce((s, name) => s + windowBytes(splits[name].plan.ends.length, enc.seq_len, F), 0);
  if (estimated <= limit) return { limit_bytes: limit, estimated_bytes: estimated, capped: false, keep_fraction: 1 };
  const fraction = limit / estimated;
  for (const name of SPLITS) {
    const s = splits[name];
    const n = s.plan.ends.length;
    const keep = Math.max(1, Math.floor(n * fraction));
    s.plan = selectWindows(s.plan, sampleBlocks(n, keep, rng.fork(`memory:${name}`)));
  }
  const gb = (b: number) => (b / 1024 ** 3).toFixed(2);
  say(`memory cap: windows would take ${gb(estimated)} GB (n_windows × seq_len ${enc.seq_len} × F ${F} × 4 bytes) > memory_limit_gb ${enc.memory_limit_gb}; ` +
    `keeping ${(fraction * 100).toFixed(1)}% of each split's windows in contiguous blocks (train ${splits.train.plan.ends.length}, val ${splits.val.plan.ends.length}, test ${splits.test.plan.ends.length})`);
  return { limit_bytes: limit, estimated_bytes: estimated, capped: true, keep_fraction: fraction };
}
