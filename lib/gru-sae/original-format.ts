/**
 * Schema and encoding files in the ORIGINAL pipeline's format, accepted beside ours (`--schema`,
 * `--encoding_config`, or a config preset's files). The mapping (lib/gru-sae/README.md):
 *
 * schema `{ core_features, label_column, time_column, benign_label }` → layered over the dataset's own
 * schema (where the raw files are and how to read them, which the original format does not say):
 * `core_features` are the feature columns kept (their roles come from the encoding file when it is in
 * the original format, else from the dataset's schema), `label_column` / `time_column` replace ours,
 * `benign_label` → `benign_labels: [benign_label]`.
 *
 * encoding `{ tfidf_columns, tfidf_params, categorical_columns, numeric_columns, time_column }` →
 * the column roles (text / categorical / numeric), `tfidf_params` → per-column TF-IDF vocabulary sizes
 * (`tfidf_vocab`), `time_column` must be the schema's; `use_text` / `use_categorical` / `use_numeric`
 * follow whether each list is non-empty.
 *
 * Unknown keys are errors in both, as in our formats.
 */
import { isPlainObject } from '../config/merge';
import { COLUMN_ROLES, type ColumnRole, type DatasetSchema } from './schema';

export interface OriginalSchema {
  core_features: string[];
  label_column: string;
  time_column: string | null;
  benign_label: string;
}

export interface OriginalEncoding {
  columns: Record<ColumnRole, string[]>;
  tfidf_vocab: Record<string, number>;
  time_column: string | null | undefined;
}

const SCHEMA_KEYS = ['core_features', 'label_column', 'time_column', 'benign_label'];
const ENCODING_KEYS = ['tfidf_columns', 'tfidf_params', 'categorical_columns', 'numeric_columns', 'time_column'];

/** A schema JSON in the original's format (it has `core_features`, ours has `columns`). */
export function isOriginalSchema(json: unknown): boolean {
  return isPlainObject(json) && 'core_features' in json && !('columns' in json);
}

/** An encoding JSON in the original's format (column lists instead of our encoding settings). */
export function isOriginalEncoding(json: unknown): boolean {
  return isPlainObject(json) && ENCODING_KEYS.slice(0, 4).some((k) => k in json);
}

const fail = (where: string, key: string, msg: string) => new Error(`${where}: ${key ? `key "${key}" ` : ''}${msg}`);

function names(where: string, o: Record<string, unknown>, key: string, required: boolean): string[] {
  const v = o[key];
  if (v === undefined && !required) return [];
  if (!Array.isArray(v) || !v.every((c) => typeof c === 'string' && c !== '')) throw fail(where, key, `must be a list of column names, got ${JSON.stringify(v)}`);
  const dup = v.find((c, i) => v.indexOf(c) !== i);
  if (dup !== undefined) throw fail(where, key, `lists "${dup}" twice`);
  return [...(v as string[])];
}

/** Validate an original-format schema; `where` (the file) prefixes errors. */
export function parseOriginalSchema(json: unknown, where: string): OriginalSchema {
  if (!isPlainObject(json)) throw fail(where, '', 'must be a JSON object');
  for (const k of Object.keys(json)) if (!SCHEMA_KEYS.includes(k)) throw fail(where, k, `is not a key of the original schema format (allowed: ${SCHEMA_KEYS.join(', ')})`);
  const core = names(where, json, 'core_features', true);
  if (core.length === 0) throw fail(where, 'core_features', 'must list at least one column');
  const label = json.label_column;
  if (typeof label !== 'string' || label === '') throw fail(where, 'label_column', `must be a column name, got ${JSON.stringify(label)}`);
  if (core.includes(label)) throw fail(where, 'core_features', `lists the label column "${label}" as a feature (it would leak the label)`);
  const time = json.time_column ?? null;
  if (time !== null && (typeof time !== 'string' || time === '')) throw fail(where, 'time_column', `must be a column name or null, got ${JSON.stringify(time)}`);
  const benign = json.benign_label;
  if (typeof benign !== 'string' && typeof benign !== 'number') throw fail(where, 'benign_label', `must be the label value of benign rows, got ${JSON.stringify(benign)}`);
  return { core_features: core, label_column: label, time_column: time as string | null, benign_label: String(benign) };
}

/** Validate an original-format encoding file. */
export function parseOriginalEncoding(json: unknown, where: string): OriginalEncoding {
  if (!isPlainObject(json)) throw fail(where, '', 'must be a JSON object');
  for (const k of Object.keys(json)) if (!ENCODING_KEYS.includes(k)) throw fail(where, k, `is not a key of the original encoding format (allowed: ${ENCODING_KEYS.join(', ')})`);
  const columns: Record<ColumnRole, string[]> = { text: names(where, json, 'tfidf_columns', false), categorical: names(where, json, 'categorical_columns', false), numeric: names(where, json, 'numeric_columns', false) };
  const seen = new Map<string, string>();
  for (const [role, key] of [['text', 'tfidf_columns'], ['categorical', 'categorical_columns'], ['numeric', 'numeric_columns']] as const) {
    for (const c of columns[role]) {
      if (seen.has(c)) throw fail(where, key, `lists "${c}", which is already in ${seen.get(c)} (a column has one role)`);
      seen.set(c, key);
    }
  }
  if (seen.size === 0) throw fail(where, '', 'lists no column (tfidf_columns, categorical_columns, numeric_columns)');
  const params = json.tfidf_params ?? {};
  if (!isPlainObject(params)) throw fail(where, 'tfidf_params', `must be an object {"<column>": <vocabulary size>}, got ${JSON.stringify(params)}`);
  const vocab: Record<string, number> = {};
  for (const [c, n] of Object.entries(params)) {
    if (!columns.text.includes(c)) throw fail(where, `tfidf_params.${c}`, `names a column that is not in tfidf_columns (${columns.text.join(', ') || 'none'})`);
    if (!(typeof n === 'number' && Number.isInteger(n) && n >= 1)) throw fail(where, `tfidf_params.${c}`, `must be a positive integer (vocabulary size), got ${JSON.stringify(n)}`);
    vocab[c] = n;
  }
  const time = json.time_column;
  if (time !== undefined && time !== null && (typeof time !== 'string' || time === '')) throw fail(where, 'time_column', `must be a column name or null, got ${JSON.stringify(time)}`);
  return { columns, tfidf_vocab: vocab, time_column: time as string | null | undefined };
}

/**
 * Our schema with an original-format schema layered over it: the kept features (roles from `roles`,
 * else from `base`), label, time and benign label. Errors name the column and both files.
 */
export function applyOriginalSchema(base: DatasetSchema, o: OriginalSchema, where: { file: string; base: string; roles?: Record<ColumnRole, string[]> }): DatasetSchema {
  const roleOf = new Map<string, ColumnRole>();
  for (const role of COLUMN_ROLES) for (const c of (where.roles ?? base.columns)[role]) roleOf.set(c, role);
  const columns: Record<ColumnRole, string[]> = { text: [], categorical: [], numeric: [] };
  for (const c of o.core_features) {
    const role = roleOf.get(c);
    if (role) columns[role].push(c);
    else if (!where.roles) throw new Error(`${where.file}: core feature "${c}" has no role: ${where.base} does not list it; add it there, or give an encoding file in the original format (--encoding_config) that lists it`);
  }
  if (where.roles) {
    for (const role of COLUMN_ROLES) {
      const extra = where.roles[role].filter((c) => !o.core_features.includes(c));
      if (extra.length) throw new Error(`the encoding file lists ${extra.map((c) => `"${c}"`).join(', ')}, which ${where.file} does not have in core_features`);
    }
  }
  if (base.campaign?.from === 'column' && o.core_features.includes(base.campaign.column)) {
    throw new Error(`${where.file}: core_features lists the campaign column "${base.campaign.column}" (it would leak the label)`);
  }
  const tfidf = Object.fromEntries(Object.entries(base.tfidf_vocab).filter(([c]) => columns.text.includes(c)));
  return { ...base, columns, label_column: o.label_column, time_column: o.time_column, benign_labels: [o.benign_label], tfidf_vocab: tfidf };
}

/** The column roles and TF-IDF sizes of an original-format encoding file, checked against a schema. */
export function applyOriginalEncoding(schema: DatasetSchema, e: OriginalEncoding, where: string): DatasetSchema {
  if (e.time_column !== undefined && e.time_column !== schema.time_column) {
    throw new Error(`${where}: time_column "${e.time_column}" differs from the schema's time column "${schema.time_column}"`);
  }
  for (const role of COLUMN_ROLES) {
    for (const c of e.columns[role]) {
      if (c === schema.label_column) throw new Error(`${where}: lists the label column "${c}" as a feature (it would leak the label)`);
      if (schema.campaign?.from === 'column' && c === schema.campaign.column) throw new Error(`${where}: lists the campaign column "${c}" as a feature (it would leak the label)`);
    }
  }
  return { ...schema, columns: { text: [...e.columns.text], categorical: [...e.columns.categorical], numeric: [...e.columns.numeric] }, tfidf_vocab: { ...e.tfidf_vocab } };
}
