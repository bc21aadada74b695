// SmartNetGuard L1: the original script's settings (TRAIN_PATH, WINDOW_SIZE, …) as environment
// variables and flags, mapped to our config keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveL1Config, runFolderName } from '../lib/l1/config';
import { L1_ORIGINAL_SETTINGS, l1EnvOverrides, rewriteOriginalFlags } from '../lib/l1/originals';

test('every original setting maps to a config key; the environment uses the exact names, with conversions', () => {
  assert.equal(L1_ORIGINAL_SETTINGS.length, 18);
  const o = l1EnvOverrides({
    TRAIN_PATH: 'X_train.parquet', TEST_PATH: 'X_test.parquet', LABEL_PATH: 'y_test.parquet', SAVE_DIR: 'L1_ready_for_working', WINDOW_SIZE: '112',
    EPOCHS: '3', BATCH_SIZE: '64', STEPS_PER_EPOCH: '4', LEARNING_RATE: '0.0005', GRAD_CLIP_NORM: '0.5', HUBER_DELTA: '2', USE_LAYER_NORM: 'False',
    VALIDATION_FRACTION: '0.25', EVENT_BUDGETS_TO_REPORT: '[0.04, 0.01]', FINETUNE_ENABLED: 'True', FINETUNE_TOP_PCT_NORMALS: '10', FINETUNE_MAX_WINDOWS: '512', FINETUNE_LR_FACTOR: '0.2',
    UNRELATED: 'x',
  });
  assert.deepEqual(o, {
    'data.train': 'X_train.parquet', 'data.test': 'X_test.parquet', 'data.labels': 'y_test.parquet', save_dir: 'L1_ready_for_working', 'preprocess.window': 112,
    'train.epochs': 3, 'train.batch_size': 64, 'train.steps_per_epoch': 4, 'train.learning_rate': 0.0005, 'train.clipnorm': 0.5, 'train.huber_delta': 2, 'model.norm': 'batch',
    'eval.validation_fraction': 0.25, 'eval.event_budgets': [0.04, 0.01], 'finetune.enabled': true, 'finetune.top_share': 0.1, 'finetune.max_windows': 512, 'finetune.lr_factor': 0.2,
  });
  assert.throws(() => l1EnvOverrides({ WINDOW_SIZE: 'wide' }), /environment variable WINDOW_SIZE must be a number, got "wide" \(it sets l1\.preprocess\.window\)/);
  assert.throws(() => l1EnvOverrides({ USE_LAYER_NORM: 'maybe' }), /USE_LAYER_NORM must be true or false/);
  assert.throws(() => l1EnvOverrides({ FINETUNE_TOP_PCT_NORMALS: '150' }), /FINETUNE_TOP_PCT_NORMALS must be a percent in \(0, 100\]/);
});

test('flags named as the settings (kebab or snake case) become our dotted flags; others pass through', () => {
  assert.deepEqual(rewriteOriginalFlags(['--window-size', '64', '--use_layer_norm', 'false', '--finetune-top-pct-normals=5', '--event-budgets-to-report', '0.04', '0.02', '--no-finetune-enabled', '--preset', 'smoke', '--train.epochs', '2']), [
    '--preprocess.window=64', '--model.norm=batch', '--finetune.top_share=0.05', '--eval.event_budgets=0.04,0.02', '--finetune.enabled=false', '--preset', 'smoke', '--train.epochs', '2',
  ]);
  assert.deepEqual(rewriteOriginalFlags(['--use-layer-norm', '--train-path', 'a.csv']), ['--model.norm=layer', '--data.train=a.csv']);
  assert.throws(() => rewriteOriginalFlags(['--window-size']), /--window-size needs a value \(the original's WINDOW_SIZE: rows per window \(T\)\)/);
});

test('SAVE_DIR: every run writes a new SAVE_DIR/run_DD_MM_YYYY_HH-MM-SS; with --out it is refused; --dataset smd with input paths is refused, not ignored', () => {
  assert.equal(runFolderName(new Date(2024, 4, 6, 7, 8, 9)), 'run_06_05_2024_07-08-09');
  const cfg = resolveL1Config({ preset: 'default', overrides: { save_dir: '/tmp/L1_ready_for_working' }, now: new Date(2024, 4, 6, 7, 8, 9) });
  assert.equal(cfg.out, '/tmp/L1_ready_for_working/run_06_05_2024_07-08-09');
  assert.throws(() => resolveL1Config({ preset: 'default', overrides: { save_dir: '/tmp/a', out: '/tmp/b' } }), /give the run folder \(--out\) or SAVE_DIR .*not both/);
  assert.throws(() => resolveL1Config({ preset: 'default', overrides: { dataset: 'smd', 'data.train': 'x.csv' } }), /--dataset smd reads the SMD files, so data\.train .* would be ignored/);
});
