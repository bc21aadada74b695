/**
 * The original SmartNetGuard L1 script's settings (constants at its top: TRAIN_PATH, WINDOW_SIZE, …)
 * → our config keys. Each works as an environment variable of its exact name and as a flag of its
 * lower-case name (`--window-size 112`, `--window_size 112`); flags win over the environment.
 */
import { coerceLike } from '../config/merge';
import { L1_DEFAULTS } from './config';

type Convert = 'as-is' | 'layer-norm' | 'percent';

/** One original setting: its name, our dotted key, and how its value maps (percent: ÷100; layer-norm: true → "layer", false → "batch"). */
export interface L1OriginalSetting {
  name: string;
  key: string;
  convert: Convert;
  about: string;
}

export const L1_ORIGINAL_SETTINGS: readonly L1OriginalSetting[] = [
  { name: 'TRAIN_PATH', key: 'data.train', convert: 'as-is', about: 'training features (no labels)' },
  { name: 'TEST_PATH', key: 'data.test', convert: 'as-is', about: 'test features' },
  { name: 'LABEL_PATH', key: 'data.labels', convert: 'as-is', about: 'one 0/1 label per test row' },
  { name: 'SAVE_DIR', key: 'save_dir', convert: 'as-is', about: 'each run writes SAVE_DIR/run_DD_MM_YYYY_HH-MM-SS/' },
  { name: 'WINDOW_SIZE', key: 'preprocess.window', convert: 'as-is', about: 'rows per window (T)' },
  { name: 'EPOCHS', key: 'train.epochs', convert: 'as-is', about: 'training epochs' },
  { name: 'BATCH_SIZE', key: 'train.batch_size', convert: 'as-is', about: 'windows per step' },
  { name: 'STEPS_PER_EPOCH', key: 'train.steps_per_epoch', convert: 'as-is', about: 'steps of random windows per epoch' },
  { name: 'LEARNING_RATE', key: 'train.learning_rate', convert: 'as-is', about: 'AdamW learning rate' },
  { name: 'GRAD_CLIP_NORM', key: 'train.clipnorm', convert: 'as-is', about: 'global gradient-norm clipping' },
  { name: 'HUBER_DELTA', key: 'train.huber_delta', convert: 'as-is', about: 'Huber loss delta' },
  { name: 'USE_LAYER_NORM', key: 'model.norm', convert: 'layer-norm', about: 'true = LayerNorm, false = BatchNorm' },
  { name: 'VALIDATION_FRACTION', key: 'eval.validation_fraction', convert: 'as-is', about: 'leading share of test windows used for validation' },
  { name: 'EVENT_BUDGETS_TO_REPORT', key: 'eval.event_budgets', convert: 'as-is', about: 'alert budgets, e.g. [0.04]' },
  { name: 'FINETUNE_ENABLED', key: 'finetune.enabled', convert: 'as-is', about: 'fine-tune on hard normals' },
  { name: 'FINETUNE_TOP_PCT_NORMALS', key: 'finetune.top_share', convert: 'percent', about: 'percent of the safe normals, highest error first (10 = 10%)' },
  { name: 'FINETUNE_MAX_WINDOWS', key: 'finetune.max_windows', convert: 'as-is', about: 'cap on fine-tuning windows' },
  { name: 'FINETUNE_LR_FACTOR', key: 'finetune.lr_factor', convert: 'as-is', about: 'fine-tuning rate = LEARNING_RATE × this' },
];

const templateOf = (key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], L1_DEFAULTS);

/** An original setting's text value (from the environment or a flag) → our config value; errors name `what`. */
export function convertSetting(s: L1OriginalSetting, raw: string, what: string): unknown {
  const fail = (want: string) => new Error(`${what} must be ${want}, got "${raw}" (it sets l1.${s.key})`);
  if (s.convert === 'layer-norm') {
    if (/^(true|1|yes)$/i.test(raw)) return 'layer';
    if (/^(false|0|no)$/i.test(raw)) return 'batch';
    throw fail('true or false');
  }
  const template = templateOf(s.key);
  if (s.key === 'eval.event_budgets') {
    const items = raw.replace(/^\[|\]$/g, '').split(',').map((v) => v.trim()).filter(Boolean).map(Number);
    if (!items.length || items.some((v) => !Number.isFinite(v))) throw fail('a list of shares like [0.04] or 0.04,0.01');
    return items;
  }
  if (template === null) return raw; // a path
  let v: unknown;
  try {
    v = coerceLike(template, typeof template === 'boolean' ? raw.toLowerCase().replace(/^yes$/, 'true').replace(/^no$/, 'false') : raw, what);
  } catch {
    throw fail(typeof template === 'boolean' ? 'true or false' : 'a number');
  }
  if (s.convert === 'percent') {
    const pct = v as number;
    if (!(pct > 0 && pct <= 100)) throw fail('a percent in (0, 100]');
    return pct / 100;
  }
  return v;
}

/** Dotted overrides from the environment variables named as the original's settings. */
export function l1EnvOverrides(env: Record<string, string | undefined> = process.env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of L1_ORIGINAL_SETTINGS) {
    const raw = env[s.name];
    if (raw !== undefined && raw !== '') out[s.key] = convertSetting(s, raw, `environment variable ${s.name}`);
  }
  return out;
}

/** `--window-size` / `--window_size` → the setting, for flags spelled as the original's names. */
export function settingOfFlag(flag: string): L1OriginalSetting | undefined {
  const norm = flag.replace(/^--/, '').replace(/-/g, '_').toUpperCase();
  return L1_ORIGINAL_SETTINGS.find((s) => s.name === norm);
}

/**
 * Rewrite the original settings' flags in `argv` into our dotted flags (`--use-layer-norm false` →
 * `--model.norm batch`, `--finetune-top-pct-normals 10` → `--finetune.top_share 0.1`); other arguments
 * pass through. A setting flag without a value is an error, except boolean ones (`--finetune-enabled`,
 * `--no-finetune-enabled`).
 */
export function rewriteOriginalFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      out.push(arg);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string?];
    const negated = name.startsWith('--no-') ? settingOfFlag(name.slice(5)) : undefined;
    const s = settingOfFlag(name) ?? negated;
    if (!s) {
      out.push(arg);
      continue;
    }
    const bool = s.convert === 'layer-norm' || typeof templateOf(s.key) === 'boolean';
    let raw: string | undefined;
    if (negated) raw = 'false';
    else if (inline !== undefined) raw = inline;
    else if (bool && !/^(true|false|0|1|yes|no)$/i.test(argv[i + 1] ?? '')) raw = 'true';
    else if (s.key === 'eval.event_budgets') {
      const items: string[] = [];
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) items.push(argv[++i]);
      raw = items.join(',');
    } else raw = argv[++i];
    if (raw === undefined || (raw === '' && !bool)) throw new Error(`${name} needs a value (the original's ${s.name}: ${s.about})`);
    const value = convertSetting(s, raw, name);
    out.push(`--${s.key}=${Array.isArray(value) ? value.join(',') : String(value)}`);
  }
  return out;
}
