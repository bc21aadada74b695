/** Label ↔ index, like Spark's StringIndexer (frequencyDesc): most frequent label first, ties alphabetical. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJson, writeJson } from '../../io/files';
import { readParquetOrParts } from './parquet';

/** A fitted label indexer; `labels[i]` is the name of class index i. Saved as JSON. */
export interface LabelIndexer {
  labels: string[];
  /** Training rows per label (same order), when known. */
  counts: number[] | null;
  /** Spark's field names, so the file reads like a StringIndexerModel's metadata. */
  stringOrderType: 'frequencyDesc';
  inputCol: string;
  outputCol: string;
}

/** Fit on training labels only. Example: fitLabelIndexer(['b','a','b']).labels → ['b','a']. */
export function fitLabelIndexer(labels: readonly string[], inputCol = 'Label'): LabelIndexer {
  if (labels.length === 0) throw new Error('fitLabelIndexer: no training labels (is the training split empty?)');
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const order = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (order.length < 2) throw new Error(`the training labels hold one class only ("${order[0][0]}"); a classifier needs at least two (check the label column or the split)`);
  return { labels: order.map((e) => e[0]), counts: order.map((e) => e[1]), stringOrderType: 'frequencyDesc', inputCol, outputCol: 'label' };
}

/** Labels → indices; labels the indexer never saw are -1 (the caller decides: error or skip). */
export function indexLabels(labels: readonly string[], indexer: LabelIndexer): Int32Array {
  const map = new Map(indexer.labels.map((l, i) => [l, i]));
  return Int32Array.from(labels, (l) => map.get(l) ?? -1);
}

/** Unseen labels and their row counts (for the error message or the report). */
export function unseenLabels(labels: readonly string[], indexer: LabelIndexer): Record<string, number> {
  const known = new Set(indexer.labels);
  const out: Record<string, number> = {};
  for (const l of labels) if (!known.has(l)) out[l] = (out[l] ?? 0) + 1;
  return out;
}

/**
 * Parse a label indexer file: this module's JSON, a plain array of labels (index order), or an object
 * mapping label → index (e.g. exported from Spark's `StringIndexerModel.labelsArray[0]`).
 */
export function parseLabelIndexer(value: unknown, where: string): LabelIndexer {
  let labels: unknown;
  let counts: number[] | null = null;
  if (Array.isArray(value)) labels = value;
  else if (value && typeof value === 'object' && Array.isArray((value as { labels?: unknown }).labels)) {
    labels = (value as { labels: unknown[] }).labels;
    const c = (value as { counts?: unknown }).counts;
    if (Array.isArray(c) && c.length === (labels as unknown[]).length) counts = c as number[];
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const arr: string[] = new Array(entries.length);
    for (const [name, idx] of entries) {
      if (!Number.isInteger(idx) || (idx as number) < 0 || (idx as number) >= entries.length || arr[idx as number] !== undefined) {
        throw new Error(`${where}: label "${name}" maps to ${JSON.stringify(idx)}; indices must be 0…${entries.length - 1}, each once`);
      }
      arr[idx as number] = name;
    }
    labels = arr;
  }
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((l) => typeof l === 'string')) {
    throw new Error(`${where}: expected {"labels": ["BENIGN", …]}, a JSON array of ≥ 2 label names, or {"BENIGN": 0, …}`);
  }
  if (new Set(labels).size !== labels.length) throw new Error(`${where}: duplicate label names`);
  return { labels: labels as string[], counts, stringOrderType: 'frequencyDesc', inputCol: 'Label', outputCol: 'label' };
}

/** A label indexer file (JSON), or a Spark StringIndexerModel folder as the original saves it (LABEL_INDEXER_PATH). */
export function loadLabelIndexer(file: string): LabelIndexer {
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) return loadSparkStringIndexer(file);
  return parseLabelIndexer(readJson(file, 'label indexer (--label-indexer-path)'), file);
}

/**
 * A Spark ML StringIndexerModel folder (`model.save(path)`): `data/` holds parquet with `labelsArray`
 * (Spark 3: one list per input column) or `labels` (Spark 2); `metadata/part-00000` the JSON params.
 */
export function loadSparkStringIndexer(dir: string): LabelIndexer {
  const dataDir = path.join(dir, 'data');
  if (!fs.existsSync(dataDir)) throw new Error(`${dir}: a label indexer folder must be a Spark StringIndexerModel (with data/ and metadata/), or give a JSON file`);
  const df = readParquetOrParts(dataDir, 'Spark StringIndexerModel data');
  const column = df.columns.includes('labelsArray') ? 'labelsArray' : df.columns.includes('labels') ? 'labels' : null;
  if (!column || df.height === 0) throw new Error(`${dataDir}: expected a labelsArray or labels column (columns: ${df.columns.join(', ')})`);
  const first = (df.getColumn(column).toArray() as unknown[])[0];
  const labels = column === 'labelsArray' ? (first as unknown[])[0] : first;
  const meta = path.join(dir, 'metadata', 'part-00000');
  let params: Record<string, unknown> = {};
  if (fs.existsSync(meta)) {
    try {
      params = (JSON.parse(fs.readFileSync(meta, 'utf8').split('\n')[0]) as { paramMap?: Record<string, unknown> }).paramMap ?? {};
    } catch {
      params = {};
    }
  }
  const parsed = parseLabelIndexer({ labels }, dataDir);
  return { ...parsed, inputCol: typeof params.inputCol === 'string' ? params.inputCol : 'Label', outputCol: typeof params.outputCol === 'string' ? params.outputCol : 'label' };
}

export function saveLabelIndexer(file: string, indexer: LabelIndexer): void {
  writeJson(file, indexer);
}
