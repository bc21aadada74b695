/**
 * Dataset schemas of the GRU-SAE pipeline (`configs/schema-<dataset>-gru-sae-<version>.json`):
 * where the raw files are, how to read them, and the role of every column. Format: README.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJson } from '../io/files';
import { fromRoot } from '../io/paths';
import { isPlainObject } from '../config/merge';
import { checkCombinationTuples } from './02-encode/combos';

export type ColumnRole = 'text' | 'categorical' | 'numeric';
export const COLUMN_ROLES: readonly ColumnRole[] = ['text', 'categorical', 'numeric'];

/** Unit of a numeric time column (epoch). */
export type TimeUnit = 's' | 'ms' | 'us' | 'ns';

/** How rows get a campaign name (`_campaign`). */
export type CampaignSpec =
  /** The number captured by `pattern` in the file name picks the inclusive range it falls in. */
  | { from: 'file_number'; pattern: string; ranges: Record<string, [number, number]> }
  /**
   * A column holds the campaign; with `fill_by_file`, empty values (benign rows) take the single
   * campaign seen in the same file, so benign rows follow their file's campaign like the file-number form.
   */
  | { from: 'column'; column: string; fill_by_file: boolean }
  | null;

/** A validated dataset schema; every optional key is filled in. */
export interface DatasetSchema {
  dataset: string;
  version: string;
  /** Free text (caveats of the data). */
  notes: string | null;
  /** This dataset's encoding defaults (keys of the config's `encoding`, e.g. group_by), layered under presets and flags. */
  encoding: Record<string, unknown> | null;
  /** Repo-relative (or absolute) folder of the raw files. */
  raw_dir: string;
  /** File-name glob, `*` is the only wildcard; `.gz` files are gunzipped. */
  files: string;
  has_header: boolean;
  /** Column names of header-less files, in file order (null when `has_header`). */
  column_names: string[] | null;
  /** null: row order (files in natural name order) is time order. */
  time_column: string | null;
  /** Unit of a numeric epoch time column (string timestamps are parsed as UTC). Default "ms". */
  time_unit: TimeUnit;
  label_column: string;
  /** Raw label values (as text) meaning benign. */
  benign_labels: string[];
  campaign: CampaignSpec;
  /** Feature columns by role; roles not given are empty. */
  columns: Record<ColumnRole, string[]>;
  /** Per text column TF-IDF vocabulary size overriding the config's `tfidf_max_vocab`. */
  tfidf_vocab: Record<string, number>;
}

const REQUIRED = ['dataset', 'version', 'raw_dir', 'files', 'has_header', 'time_column', 'label_column', 'benign_labels', 'columns'];
const OPTIONAL = ['notes', 'column_names', 'time_unit', 'campaign', 'tfidf_vocab', 'encoding'];
const TIME_UNITS: readonly TimeUnit[] = ['s', 'ms', 'us', 'ns'];

/** Folder holding the shipped schemas. */
export const SCHEMA_DIR = fromRoot('configs');

/** Path of the schema file for a dataset and version. */
export function schemaPath(dataset: string, version: string, dir = SCHEMA_DIR): string {
  return path.join(dir, `schema-${dataset}-gru-sae-${version}.json`);
}

/**
 * Validate a parsed schema JSON value; `where` (usually the file path) prefixes every error.
 * Unknown keys, wrong types, empty role lists and a column in two roles are errors naming the key.
 */
export function parseSchema(json: unknown, where: string): DatasetSchema {
  const ctx: CheckContext = { where };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new SchemaError(ctx, '', 'must be a JSON object');
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!REQUIRED.includes(k) && !OPTIONAL.includes(k)) throw new SchemaError(ctx, k, `is not a schema key (allowed: ${[...REQUIRED, ...OPTIONAL].join(', ')})`);
  }
  for (const k of REQUIRED) if (!(k in o)) throw new SchemaError(ctx, k, 'is required');
  const name = (k: string) => {
    const v = o[k];
    if (typeof v !== 'string' || !/^[\w.-]+$/.test(v)) throw new SchemaError(ctx, k, `must be a name of letters, digits, "_", "-", ".", got ${JSON.stringify(v)}`);
    return v;
  };
  const str = (k: string) => {
    const v = o[k];
    if (typeof v !== 'string' || v.trim() === '') throw new SchemaError(ctx, k, `must be a non-empty string, got ${JSON.stringify(v)}`);
    return v;
  };
  const hasHeader = o.has_header;
  if (typeof hasHeader !== 'boolean') throw new SchemaError(ctx, 'has_header', `must be true or false, got ${JSON.stringify(hasHeader)}`);
  const columnNames = parseColumnNames(ctx, o.column_names ?? null, hasHeader);
  const files = str('files');
  if (/[?[\]{}/\\]/.test(files)) throw new SchemaError(ctx, 'files', `must be a file-name glob with "*" as the only wildcard and no folder, got ${JSON.stringify(files)}`);
  const time = o.time_column;
  if (time !== null && (typeof time !== 'string' || time === '')) throw new SchemaError(ctx, 'time_column', `must be a column name or null (row order is time order), got ${JSON.stringify(time)}`);
  const unit = o.time_unit ?? 'ms';
  if (!TIME_UNITS.includes(unit as TimeUnit)) throw new SchemaError(ctx, 'time_unit', `must be one of ${TIME_UNITS.join(', ')}, got ${JSON.stringify(unit)}`);
  const benign = o.benign_labels;
  if (!Array.isArray(benign) || benign.length === 0 || !benign.every((b) => typeof b === 'string')) {
    throw new SchemaError(ctx, 'benign_labels', `must be a non-empty list of strings (labels compare as text: write "0", not 0), got ${JSON.stringify(benign)}`);
  }
  const notes = o.notes ?? null;
  if (notes !== null && typeof notes !== 'string') throw new SchemaError(ctx, 'notes', `must be a string, got ${JSON.stringify(notes)}`);
  const label = str('label_column');
  const campaign = checkCampaign(ctx, o.campaign ?? null);
  const columns = checkColumns(ctx, o.columns, { label, campaignColumn: campaign?.from === 'column' ? campaign.column : null });
  const schema: DatasetSchema = {
    dataset: name('dataset'),
    version: name('version'),
    notes: notes as string | null,
    encoding: checkEncoding(ctx, o.encoding ?? null, columns),
    raw_dir: str('raw_dir'),
    files,
    has_header: hasHeader,
    column_names: columnNames,
    time_column: time as string | null,
    time_unit: unit as TimeUnit,
    label_column: label,
    benign_labels: [...(benign as string[])],
    campaign,
    columns,
    tfidf_vocab: checkTfidfVocab(ctx, o.tfidf_vocab ?? {}, columns.text),
  };
  if (columnNames) checkNamedColumns(ctx, schema, columnNames);
  return schema;
}

function parseColumnNames(ctx: CheckContext, v: unknown, hasHeader: boolean): string[] | null {
  if (hasHeader) {
    if (v !== null) throw new SchemaError(ctx, 'column_names', 'is only for header-less files (has_header: false); leave it null');
    return null;
  }
  if (!Array.isArray(v) || v.length === 0 || !v.every((c) => typeof c === 'string' && c !== '')) {
    throw new SchemaError(ctx, 'column_names', `must list the column names of the header-less files, got ${JSON.stringify(v)}`);
  }
  const dup = v.find((c, i) => v.indexOf(c) !== i);
  if (dup !== undefined) throw new SchemaError(ctx, 'column_names', `names "${dup}" twice`);
  return [...(v as string[])];
}

/** With explicit column names, every column the schema refers to must be one of them. */
function checkNamedColumns(ctx: CheckContext, s: DatasetSchema, names: string[]): void {
  const refs: [string, string][] = [['label_column', s.label_column]];
  if (s.time_column) refs.push(['time_column', s.time_column]);
  if (s.campaign?.from === 'column') refs.push(['campaign.column', s.campaign.column]);
  for (const role of COLUMN_ROLES) for (const c of s.columns[role]) refs.push([`columns.${role}`, c]);
  for (const [key, c] of refs) if (!names.includes(c)) throw new SchemaError(ctx, key, `names column "${c}", which is not in column_names`);
}

/** Read and validate `configs/schema-<dataset>-gru-sae-<version>.json` (or the same name under `opts.dir`). */
export function loadSchema(dataset: string, version: string, opts: { dir?: string } = {}): DatasetSchema {
  const dir = opts.dir ?? SCHEMA_DIR;
  if (!/^[\w.-]+$/.test(dataset) || !/^[\w.-]+$/.test(version)) throw new Error(`dataset "${dataset}" / version "${version}" is not a valid schema name`);
  const file = schemaPath(dataset, version, dir);
  if (!fs.existsSync(file)) {
    const have = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^schema-.+-gru-sae-.+\.json$/.test(f)).sort() : [];
    throw new Error(`no schema for dataset "${dataset}" version "${version}": ${file} not found (available in ${dir}: ${have.length ? have.join(', ') : 'none'})`);
  }
  const schema = parseSchema(readJson(file, 'dataset schema'), file);
  if (schema.dataset !== dataset || schema.version !== version) {
    throw new Error(`${file}: declares dataset "${schema.dataset}" version "${schema.version}", but its file name says "${dataset}" "${version}"`);
  }
  return schema;
}

/** An error about one key of one schema file. */
class SchemaError extends Error {
  constructor(ctx: CheckContext, key: string, msg: string) {
    super(`schema ${ctx.where}: ${key ? `key "${key}" ` : ''}${msg}`);
  }
}

interface CheckContext {
  where: string;
}


function onlyKeys(ctx: CheckContext, o: Record<string, unknown>, prefix: string, allowed: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new SchemaError(ctx, `${prefix}.${k}`, `is not allowed here (allowed: ${allowed.join(', ')})`);
}

function checkCampaign(ctx: CheckContext, v: unknown): CampaignSpec {
  if (v === null) return null;
  const hint = 'must be null, {"from": "file_number", "pattern": "dataset-(\\d+)", "ranges": {...}} or {"from": "column", "column": "..."}';
  if (!isPlainObject(v)) throw new SchemaError(ctx, 'campaign', `${hint}, got ${JSON.stringify(v)}`);
  if (v.from === 'column') {
    onlyKeys(ctx, v, 'campaign', ['from', 'column', 'fill_by_file']);
    if (typeof v.column !== 'string' || v.column === '') throw new SchemaError(ctx, 'campaign.column', `must be a column name, got ${JSON.stringify(v.column)}`);
    const fill = v.fill_by_file ?? false;
    if (typeof fill !== 'boolean') throw new SchemaError(ctx, 'campaign.fill_by_file', `must be true or false, got ${JSON.stringify(fill)}`);
    return { from: 'column', column: v.column, fill_by_file: fill };
  }
  if (v.from !== 'file_number') throw new SchemaError(ctx, 'campaign.from', `must be "file_number" or "column", got ${JSON.stringify(v.from)}`);
  onlyKeys(ctx, v, 'campaign', ['from', 'pattern', 'ranges']);
  if (typeof v.pattern !== 'string') throw new SchemaError(ctx, 'campaign.pattern', `must be a regular expression with one capture group for the file number, got ${JSON.stringify(v.pattern)}`);
  let groups = 0;
  try {
    groups = new RegExp(`${v.pattern}|`).exec('')!.length - 1;
  } catch (err) {
    throw new SchemaError(ctx, 'campaign.pattern', `is not a valid regular expression: ${(err as Error).message}`);
  }
  if (groups < 1) throw new SchemaError(ctx, 'campaign.pattern', `needs a capture group around the file number, e.g. "dataset-(\\d+)", got ${JSON.stringify(v.pattern)}`);
  if (!isPlainObject(v.ranges) || Object.keys(v.ranges).length === 0) throw new SchemaError(ctx, 'campaign.ranges', 'must be a non-empty object like {"APT1": [1, 8]}');
  const ranges: Record<string, [number, number]> = {};
  const owner = new Map<number, string>();
  for (const [name, r] of Object.entries(v.ranges)) {
    const key = `campaign.ranges.${name}`;
    if (name === '') throw new SchemaError(ctx, key, 'campaign names must be non-empty');
    if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => Number.isInteger(x) && x >= 0) || r[0] > r[1]) {
      throw new SchemaError(ctx, key, `must be an inclusive range [first, last] of file numbers, got ${JSON.stringify(r)}`);
    }
    for (let f = r[0]; f <= r[1]; f++) {
      if (owner.has(f)) throw new SchemaError(ctx, key, `overlaps campaign "${owner.get(f)}" at file number ${f}`);
      owner.set(f, name);
    }
    ranges[name] = [r[0], r[1]];
  }
  return { from: 'file_number', pattern: v.pattern, ranges };
}

function checkColumns(ctx: CheckContext, v: unknown, refs: { label: string; campaignColumn: string | null }): Record<ColumnRole, string[]> {
  if (!isPlainObject(v)) throw new SchemaError(ctx, 'columns', `must be an object {"text": [...], "categorical": [...], "numeric": [...]}, got ${JSON.stringify(v)}`);
  onlyKeys(ctx, v, 'columns', [...COLUMN_ROLES]);
  const out: Record<ColumnRole, string[]> = { text: [], categorical: [], numeric: [] };
  const roleOf = new Map<string, ColumnRole>();
  for (const role of COLUMN_ROLES) {
    if (!(role in v)) continue;
    const list = v[role];
    const key = `columns.${role}`;
    if (!Array.isArray(list) || list.length === 0) throw new SchemaError(ctx, key, `must be a non-empty list of column names (leave the key out when no column has this role), got ${JSON.stringify(list)}`);
    for (const c of list) {
      if (typeof c !== 'string' || c === '') throw new SchemaError(ctx, key, `must hold column names (non-empty strings), got ${JSON.stringify(c)}`);
      if (roleOf.has(c)) throw new SchemaError(ctx, key, roleOf.get(c) === role ? `lists "${c}" twice` : `lists "${c}", which is already in columns.${roleOf.get(c)} (a column has one role)`);
      if (c === refs.label) throw new SchemaError(ctx, key, `lists the label column "${c}" as a feature (it would leak the label)`);
      if (c === refs.campaignColumn) throw new SchemaError(ctx, key, `lists the campaign column "${c}" as a feature (it would leak the label)`);
      roleOf.set(c, role);
      out[role].push(c);
    }
  }
  if (roleOf.size === 0) throw new SchemaError(ctx, 'columns', 'must give at least one feature column');
  return out;
}

function checkTfidfVocab(ctx: CheckContext, v: unknown, text: string[]): Record<string, number> {
  if (!isPlainObject(v)) throw new SchemaError(ctx, 'tfidf_vocab', `must be an object {"<text column>": <vocabulary size>}, got ${JSON.stringify(v)}`);
  const out: Record<string, number> = {};
  for (const [c, n] of Object.entries(v)) {
    if (!text.includes(c)) throw new SchemaError(ctx, `tfidf_vocab.${c}`, `names a column that is not in columns.text (${text.join(', ') || 'none'})`);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new SchemaError(ctx, `tfidf_vocab.${c}`, `must be a positive integer, got ${JSON.stringify(n)}`);
    out[c] = n;
  }
  return out;
}

function checkEncoding(ctx: CheckContext, v: unknown, columns: Record<ColumnRole, string[]>): Record<string, unknown> | null {
  if (v === null) return null;
  if (!isPlainObject(v)) throw new SchemaError(ctx, 'encoding', `must be an object of encoding settings, got ${JSON.stringify(v)}`);
  const groupBy = (v as Record<string, unknown>).group_by;
  const all = COLUMN_ROLES.flatMap((r) => columns[r]);
  if (groupBy != null && (typeof groupBy !== 'string' || !all.includes(groupBy))) {
    throw new SchemaError(ctx, 'encoding.group_by', `must be null or one of the feature columns (${all.join(', ')}), got ${JSON.stringify(groupBy)}`);
  }
  const combos = (v as Record<string, unknown>).combination_counts;
  if (combos !== undefined) {
    try {
      checkCombinationTuples(combos, all, '', 'one of the feature columns');
    } catch (err) {
      throw new SchemaError(ctx, 'encoding.combination_counts', (err as Error).message.trimStart());
    }
  }
  return v as Record<string, unknown>; // keys and types are checked against the config when it is resolved
}
