import { mergeStrict, coerceLike, getPath, unflatten } from './merge';
import { activePreset, loadPreset, CONFIG_SECTIONS } from './presets';

export { mergeStrict, coerceLike } from './merge';
export { activePreset, listPresets, loadPreset, PRESET_DIR, PRESET_ENV, CONFIG_SECTIONS } from './presets';

export interface ResolveOptions {
  /** Preset name; default `$SEQSENTRY_PRESET` or `default`. */
  preset?: string;
  /** Last layer: values by dotted key (`{"train.epochs": 3}`) or nested objects. */
  overrides?: Record<string, unknown>;
  /** Folder of preset files (tests point this at a temp folder). */
  presetDir?: string;
}

/** A resolved config plus where it came from, ready to be written into a run folder. */
export type Resolved<T> = T & { readonly _meta: { section: string; preset: string } };

/**
 * Resolve one component's config by layering: `defaults` → the preset's `section` → `overrides`.
 * Unknown keys and wrong types are errors that name the key and the layer.
 */
export function resolveConfig<T extends object>(section: string, defaults: T, opts: ResolveOptions = {}): Resolved<T> {
  if (!CONFIG_SECTIONS.includes(section)) throw new Error(`resolveConfig: unknown section "${section}" (add it to CONFIG_SECTIONS in lib/config/presets.ts)`);
  const preset = activePreset(opts.preset);
  const presetData = loadPreset(preset, opts.presetDir);
  let cfg = defaults;
  if (section in presetData) cfg = mergeStrict(cfg, presetData[section], `preset "${preset}" section "${section}"`);
  if (opts.overrides && Object.keys(opts.overrides).length) cfg = mergeStrict(cfg, unflatten(opts.overrides), 'overrides');
  return Object.assign(structuredClone(cfg), { _meta: { section, preset } }) as Resolved<T>;
}

/**
 * Parse `--key value`, `--key=value` and `--flag` arguments into dotted overrides typed like `defaults`.
 * Keys in `reserved` (e.g. `preset`) are returned separately, not checked against `defaults`.
 */
export function parseArgs(
  argv: string[],
  defaults: object,
  reserved: string[] = ['preset'],
): { overrides: Record<string, unknown>; reserved: Record<string, string>; positional: string[] } {
  const overrides: Record<string, unknown> = {};
  const res: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    let [key, value] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const template = reserved.includes(key) ? '' : getPath(defaults, key);
    if (template === undefined) throw new Error(`unknown option --${key}`);
    if (value === undefined) {
      const next = argv[i + 1];
      const isFlag = typeof template === 'boolean' && (next === undefined || next.startsWith('--') || !/^(true|false|0|1)$/.test(next));
      value = isFlag ? 'true' : next;
      if (!isFlag) i++;
      if (value === undefined) throw new Error(`option --${key} needs a value`);
    }
    if (reserved.includes(key)) res[key] = value;
    else overrides[key] = coerceLike(template, value, key);
  }
  return { overrides, reserved: res, positional };
}

/** Strip `_meta` (for hashing or comparing configs). */
export function plainConfig<T extends object>(cfg: Resolved<T> | T): T {
  const { _meta, ...rest } = cfg as Resolved<T>;
  void _meta;
  return rest as unknown as T;
}
