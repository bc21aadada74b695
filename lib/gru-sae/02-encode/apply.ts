/**
 * Apply a saved encoder to new data in the stage-1 layout: rows → features → windows, exactly as
 * stage 2 built X/y/y_any/t (same state, same code path), e.g. to score a new day of logs.
 */
import type pl from 'nodejs-polars';
import { columnAsStrings } from '../../io/tables';
import { groupIds, readEncodeInput, readStageColumns } from './frame';
import { transformRows, type EncoderState } from './state';
import { materializeWindows, planWindows, windowLabels } from '../../features';

/** Feature rows [n, F] (row-major float32) of a frame holding the state's columns. */
export function encodeRows(state: EncoderState, frame: pl.DataFrame): Float32Array {
  return transformRows(state, readEncodeInput(frame, stateColumns(state))).features;
}

/** The feature columns a state reads, by role. */
export function stateColumns(state: EncoderState): { text: string[]; categorical: string[]; numeric: string[]; strings: string[] } {
  return { text: state.text.map((t) => t.column), categorical: state.categorical.map((c) => c.column), numeric: state.numeric.columns, strings: state.combinations?.tuples.flat() ?? [] };
}

export interface EncodedWindows {
  /** [n_windows, seq_len, F] row-major. */
  X: Float32Array;
  shape: [number, number, number];
  y: Uint8Array;
  yAny: Uint8Array;
  t: Float64Array;
}

/**
 * Windows of a time-ordered frame in the stage-1 layout (`_time_ms`, optional `_label`, the
 * group_by column when the state has one): the same windows stage 2 makes when nothing is sampled.
 */
export function encodeWindows(state: EncoderState, frame: pl.DataFrame): EncodedWindows {
  const stage = readStageColumns(frame, { requireLabel: false });
  for (let i = 1; i < stage.time.length; i++) {
    if (!(stage.time[i] >= stage.time[i - 1])) throw new Error(`encodeWindows: rows must be sorted by _time_ms (row ${i} is earlier than row ${i - 1})`);
  }
  const { features, nFeatures } = transformRows(state, readEncodeInput(frame, stateColumns(state)));
  const { seq_len: seqLen, stride, group_by: groupBy } = state.windows;
  const segments = groupBy ? groupIds(columnAsStrings(frame, groupBy)) : undefined;
  const plan = planWindows(frame.height, { seqLen, stride, segments });
  const { end: y, any: yAny, t } = windowLabels(plan, stage.label, stage.time);
  return { X: materializeWindows(plan, features, nFeatures), shape: [plan.ends.length, seqLen, nFeatures], y, yAny, t };
}
