import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveConfig, parseArgs, mergeStrict, listPresets, plainConfig } from '../lib/config';

const DEFAULTS = { seed: 42, train: { epochs: 10, lr: 0.001, units: [64, 32] }, name: 'demo', verbose: false, limit: null as number | null };

function presetDir(presets: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-presets-'));
  for (const [name, body] of Object.entries(presets)) fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(body));
  return dir;
}

test('layers defaults → preset section → overrides, and records the preset', () => {
  const dir = presetDir({ default: {}, smoke: { quickstart: { train: { epochs: 1 } }, demo: { x: 1 } } });
  const cfg = resolveConfig('quickstart', DEFAULTS, { preset: 'smoke', presetDir: dir, overrides: { 'train.lr': 0.01, limit: 5 } });
  assert.equal(cfg.train.epochs, 1);
  assert.equal(cfg.train.lr, 0.01);
  assert.deepEqual(cfg.train.units, [64, 32]);
  assert.equal(cfg.limit, 5);
  assert.deepEqual(cfg._meta, { section: 'quickstart', preset: 'smoke' });
  assert.equal(DEFAULTS.train.epochs, 10, 'defaults must not be mutated');
  assert.deepEqual(Object.keys(plainConfig(cfg)).sort(), ['limit', 'name', 'seed', 'train', 'verbose']);
});

test('the preset comes from SEQSENTRY_PRESET when not given', () => {
  const dir = presetDir({ default: {}, smoke: { quickstart: { seed: 1 } } });
  const old = process.env.SEQSENTRY_PRESET;
  process.env.SEQSENTRY_PRESET = 'smoke';
  try {
    assert.equal(resolveConfig('quickstart', DEFAULTS, { presetDir: dir }).seed, 1);
  } finally {
    if (old === undefined) delete process.env.SEQSENTRY_PRESET;
    else process.env.SEQSENTRY_PRESET = old;
  }
});

test('unknown keys, wrong types, NaN and unknown presets are errors that name them', () => {
  const dir = presetDir({ default: { quickstart: { train: { epoch: 3 } } }, typo: { quickstart: { seed: 'x' } } });
  assert.throws(() => resolveConfig('quickstart', DEFAULTS, { presetDir: dir }), /preset "default" section "quickstart": unknown config key "train\.epoch"/);
  assert.throws(() => resolveConfig('quickstart', DEFAULTS, { preset: 'typo', presetDir: dir }), /config key "seed" must be number, got string/);
  assert.throws(() => resolveConfig('quickstart', DEFAULTS, { preset: 'nightly', presetDir: dir }), /unknown preset "nightly".*known presets: default, typo/);
  assert.throws(() => mergeStrict(DEFAULTS, { seed: NaN }, 'overrides'), /finite number/);
  assert.throws(() => mergeStrict(DEFAULTS, { train: 3 }, 'overrides'), /"train" must be object/);
  assert.deepEqual(listPresets(dir), ['default', 'typo']);
  const typoDir = presetDir({ default: { quickstrat: { epochs: 2 } } });
  assert.throws(() => resolveConfig('quickstart', DEFAULTS, { presetDir: typoDir }), /unknown section "quickstrat" \(known sections: demo, quickstart, gru_sae, l1, nids\)/);
  assert.throws(() => resolveConfig('nosuch', DEFAULTS, { presetDir: dir }), /unknown section "nosuch"/);
});

test('parseArgs types values like the defaults and rejects unknown options', () => {
  const r = parseArgs(['--train.epochs', '3', '--verbose', '--train.units=16,8', '--preset', 'smoke', 'extra', '--name=x'], DEFAULTS);
  assert.deepEqual(r.overrides, { 'train.epochs': 3, verbose: true, 'train.units': [16, 8], name: 'x' });
  assert.deepEqual(r.reserved, { preset: 'smoke' });
  assert.deepEqual(r.positional, ['extra']);
  assert.deepEqual(parseArgs(['--verbose', 'false'], DEFAULTS).overrides, { verbose: false });
  assert.throws(() => parseArgs(['--epochs', '3'], DEFAULTS), /unknown option --epochs/);
  assert.throws(() => parseArgs(['--train.epochs', 'many'], DEFAULTS), /--train\.epochs expects a number, got "many"/);
  assert.throws(() => parseArgs(['--seed'], DEFAULTS), /needs a value/);
});

test('the shipped presets parse', () => {
  assert.ok(listPresets().includes('default'));
  assert.ok(listPresets().includes('smoke'));
});
