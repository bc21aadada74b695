/**
 * The dataset schema a run uses, resolved from its config: `schema` (a file, ours or the original's
 * format) or the config preset's schema file for the dataset; the encoding file (`encoding_config`, or
 * the preset's) when it is in the original format, which gives the column roles; `subdir` under the
 * raw folder. `version` is a run label only: it names the run folder and artefacts, never a file here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJson } from '../io/files';
import { fromRoot, REPO_ROOT } from '../io/paths';
import { applyOriginalEncoding, applyOriginalSchema, isOriginalEncoding, isOriginalSchema, parseOriginalEncoding, parseOriginalSchema } from './original-format';
import { loadConfigPreset, presetEncodingFile, presetSchemaFile, type ConfigPreset } from './presets';
import { parseSchema, SCHEMA_DIR, type DatasetSchema } from './schema';

/** The config values that decide the schema (a subset of GruSaeConfig). */
export interface SchemaNames {
  dataset: string;
  config_preset: string;
  schema: string | null;
  encoding_config: string | null;
  subdir: string | null;
}

export type FileFormat = 'seqsentry' | 'original';

export interface RunSchema {
  /** The effective schema: what stage 1 reads and stage 2 encodes. */
  schema: DatasetSchema;
  /** The schema file (absolute) and its format. */
  file: string;
  format: FileFormat;
  /** Under an original-format schema: our schema of the dataset it is layered over (raw files, campaigns). */
  base: string | null;
  /** The encoding file (absolute) and its format (an original-format one sets the column roles). */
  encodingFile: string;
  encodingFormat: FileFormat;
  /** The encoding file's content when it is in our format (keys of the config's `encoding`). */
  encodingPatch: Record<string, unknown> | null;
  preset: ConfigPreset;
}

/** A schema or encoding file that does not exist (config resolution leaves it to validation to report). */
export class MissingSchemaFile extends Error {}

/** Repo-relative when inside the repository (for messages and run.json keys). */
export const shortPath = (file: string) => (file.startsWith(REPO_ROOT + path.sep) ? path.relative(REPO_ROOT, file) : file);

/** The shipped schema files (`configs/schema-<dataset>-gru-sae-<v>.json`), for messages. */
function knownSchemas(): string {
  const files = fs.existsSync(SCHEMA_DIR) ? fs.readdirSync(SCHEMA_DIR).filter((f) => /^schema-.+-gru-sae-.+\.json$/.test(f)).sort() : [];
  return `available in ${shortPath(SCHEMA_DIR)}: ${files.join(', ') || 'none'}`;
}

/** Check `subdir`: a folder path below the raw folder (no `..`, not absolute). */
export function checkSubdir(subdir: string | null): void {
  if (subdir === null) return;
  const parts = subdir.split(/[\\/]/);
  if (subdir === '' || path.isAbsolute(subdir) || parts.some((p) => p === '..')) {
    throw new Error(`gru_sae config "subdir" must be a folder below the dataset's raw folder (e.g. network-flows), got ${JSON.stringify(subdir)}`);
  }
}

/** Resolve the run's schema (reads the files; every error names the file and what to do). */
export function runSchema(names: SchemaNames): RunSchema {
  const preset = loadConfigPreset(names.config_preset);
  checkSubdir(names.subdir);
  if (!names.schema && preset.datasets && !preset.datasets.includes(names.dataset)) {
    throw new Error(`config preset "${preset.name}" is for the datasets ${preset.datasets.join(', ')}, not "${names.dataset}" (${preset.about.split(':')[0]}); use another --config-preset, or give the schema yourself with --schema FILE`);
  }
  const own = presetSchemaFile(preset, names.dataset);
  const file = names.schema ? fromRoot(names.schema) : own;
  if (!fs.existsSync(file)) {
    throw new MissingSchemaFile(names.schema
      ? `schema file (--schema) not found: ${file}`
      : `no schema for dataset "${names.dataset}": ${shortPath(file)} not found (config preset "${preset.name}" reads ${preset.schema}; ${knownSchemas()})`);
  }
  const encodingFile = names.encoding_config ? fromRoot(names.encoding_config) : presetEncodingFile(preset);
  if (!fs.existsSync(encodingFile)) throw new MissingSchemaFile(`encoding file${names.encoding_config ? ' (--encoding_config)' : ` of config preset "${preset.name}"`} not found: ${encodingFile}`);
  const encJson = readJson(encodingFile, 'encoding file');
  const originalEncoding = isOriginalEncoding(encJson) ? parseOriginalEncoding(encJson, encodingFile) : null;
  const json = readJson(file, 'dataset schema');
  let schema: DatasetSchema;
  let base: string | null = null;
  if (isOriginalSchema(json)) {
    const o = parseOriginalSchema(json, file);
    if (!fs.existsSync(own)) {
      throw new MissingSchemaFile(`${file} is in the original schema format, which does not say where the raw files are or how to read them: that comes from the dataset's own schema ${shortPath(own)}, which does not exist (${knownSchemas()})`);
    }
    base = own;
    schema = applyOriginalSchema(datasetSchema(own, names.dataset), o, { file, base: shortPath(own), roles: originalEncoding?.columns });
    if (originalEncoding) schema = applyOriginalEncoding(schema, originalEncoding, encodingFile);
  } else {
    schema = datasetSchema(file, names.dataset);
    if (originalEncoding) schema = applyOriginalEncoding(schema, originalEncoding, encodingFile);
  }
  if (names.subdir) schema = { ...schema, raw_dir: path.posix.join(schema.raw_dir.replace(/\\/g, '/'), names.subdir.replace(/\\/g, '/')) };
  return {
    schema, file, format: base ? 'original' : 'seqsentry', base, encodingFile, encodingFormat: originalEncoding ? 'original' : 'seqsentry',
    encodingPatch: originalEncoding ? null : (encJson as Record<string, unknown>), preset,
  };
}

/** Our-format schema file for `dataset` (its "dataset" must match). */
function datasetSchema(file: string, dataset: string): DatasetSchema {
  const schema = parseSchema(readJson(file, 'dataset schema'), file);
  if (schema.dataset !== dataset) throw new Error(`${file}: declares dataset "${schema.dataset}", but this run is for dataset "${dataset}" (--dataset)`);
  return schema;
}

/** The config's `encoding` switches an original-format encoding file implies: a role is encoded when its list is non-empty. */
export function originalEncodingSwitches(r: RunSchema): Record<string, boolean> | null {
  if (r.encodingFormat !== 'original') return null;
  const c = r.schema.columns;
  return { use_text: c.text.length > 0, use_categorical: c.categorical.length > 0, use_numeric: c.numeric.length > 0 };
}
