import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromRoot } from '../io/paths';
import { readJson } from '../io/files';

/** Folder holding `<preset>.json` files. */
export const PRESET_DIR = fromRoot('configs', 'presets');

/**
 * Config sections a preset may hold, one per component. A preset key outside this list is a typo
 * (it would otherwise be ignored silently) and an error. Add a section here with its component.
 */
export const CONFIG_SECTIONS: readonly string[] = ['demo', 'quickstart', 'gru_sae', 'l1', 'nids'];

/** The environment variable that picks a preset (the nightly run sets `smoke`). */
export const PRESET_ENV = 'SEQSENTRY_PRESET';

/** Names of the presets available in `dir`. */
export function listPresets(dir = PRESET_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** The active preset name: explicit argument, else `$SEQSENTRY_PRESET`, else `default`. */
export function activePreset(explicit?: string): string {
  return explicit ?? (process.env[PRESET_ENV] || 'default');
}

/** Read a preset file (sections keyed by component name); an unknown name lists the known ones. */
export function loadPreset(name: string, dir = PRESET_DIR): Record<string, unknown> {
  const file = path.join(dir, `${name}.json`);
  if (!/^[\w.-]+$/.test(name) || !fs.existsSync(file)) {
    const known = listPresets(dir);
    throw new Error(`unknown preset "${name}" (set by ${PRESET_ENV} or --preset); known presets: ${known.join(', ') || 'none'} in ${dir}`);
  }
  const preset = readJson<Record<string, unknown>>(file, 'preset file');
  if (typeof preset !== 'object' || preset === null || Array.isArray(preset)) throw new Error(`preset file ${file} must hold a JSON object of sections`);
  for (const section of Object.keys(preset)) {
    if (!CONFIG_SECTIONS.includes(section)) {
      throw new Error(`preset file ${file}: unknown section "${section}" (known sections: ${CONFIG_SECTIONS.join(', ')})`);
    }
  }
  return preset;
}
