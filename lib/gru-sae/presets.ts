/**
 * Config presets of the GRU-SAE pipeline (`--config-preset basic|extended|network`): each picks the
 * schema + encoding pair for a dataset, as the original runner's presets do
 * (`configs/gru-sae/preset-<name>.json`; format in lib/gru-sae/README.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isPlainObject } from '../config/merge';
import { readJson } from '../io/files';
import { fromRoot } from '../io/paths';

/** The folder holding config presets (`preset-<name>.json`) and the encoding files they name (`encoding-<name>.json`). */
export const CONFIG_PRESET_DIR = fromRoot('configs', 'gru-sae');

/** A config preset: which schema file (per dataset) and which encoding file; optionally a split and the datasets it is for. */
export interface ConfigPreset {
  name: string;
  about: string;
  /** Schema file name under configs/, `{dataset}` replaced by the dataset name. */
  schema: string;
  /** Encoding file name under configs/gru-sae/. */
  encoding: string;
  /** Split settings the preset imposes (keys of the config's `split`), or null. */
  split: Record<string, unknown> | null;
  /** Datasets the preset is for (null = any); another dataset needs an explicit --schema. */
  datasets: string[] | null;
}

const KEYS = ['about', 'schema', 'encoding', 'split', 'datasets'];

/** Names of the shipped config presets. */
export function listConfigPresets(dir = CONFIG_PRESET_DIR): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^preset-[\w-]+\.json$/.test(f)).map((f) => f.slice(7, -5)).sort() : [];
}

/** Validate a parsed preset file; every error names the file and key. */
export function parseConfigPreset(name: string, json: unknown, where: string): ConfigPreset {
  if (!isPlainObject(json)) throw new Error(`config preset ${where}: must be a JSON object`);
  for (const k of Object.keys(json)) if (!KEYS.includes(k)) throw new Error(`config preset ${where}: unknown key "${k}" (allowed: ${KEYS.join(', ')})`);
  const str = (k: string) => {
    if (typeof json[k] !== 'string' || json[k] === '') throw new Error(`config preset ${where}: "${k}" must be a file name, got ${JSON.stringify(json[k])}`);
    return json[k] as string;
  };
  const split = json.split ?? null;
  if (split !== null && !isPlainObject(split)) throw new Error(`config preset ${where}: "split" must be an object of split settings or null`);
  const datasets = json.datasets ?? null;
  if (datasets !== null && !(Array.isArray(datasets) && datasets.every((d) => typeof d === 'string'))) throw new Error(`config preset ${where}: "datasets" must be a list of dataset names or null`);
  const about = json.about ?? '';
  if (typeof about !== 'string') throw new Error(`config preset ${where}: "about" must be a string`);
  return { name, about, schema: str('schema'), encoding: str('encoding'), split: split as Record<string, unknown> | null, datasets: datasets as string[] | null };
}

/** Read `configs/gru-sae/preset-<name>.json`; an unknown name lists the known ones. */
export function loadConfigPreset(name: string, dir = CONFIG_PRESET_DIR): ConfigPreset {
  const file = path.join(dir, `preset-${name}.json`);
  if (!/^[\w-]+$/.test(name) || !fs.existsSync(file)) {
    throw new Error(`config preset "${name}" (--config-preset) not found: ${file}; known: ${listConfigPresets(dir).join(', ') || 'none'}`);
  }
  return parseConfigPreset(name, readJson(file, `config preset "${name}"`), file);
}

/** The schema file a preset picks for a dataset (absolute). */
export function presetSchemaFile(preset: ConfigPreset, dataset: string): string {
  return fromRoot('configs', preset.schema.replace(/\{dataset\}/g, dataset));
}

/** The encoding file a preset picks (absolute). */
export function presetEncodingFile(preset: ConfigPreset, dir = CONFIG_PRESET_DIR): string {
  return path.join(dir, preset.encoding);
}
