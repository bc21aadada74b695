import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveGruSaeConfig } from '../lib/gru-sae/config';
import { runPipeline, selectStages, type Stage } from '../lib/gru-sae/pipeline';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-pipeline-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Five stages that record their order; `failAt` throws. */
function recordingStages(ran: number[], failAt?: number): Stage[] {
  return ['aggregate', 'encode', 'train', 'evaluate', 'visualise'].map((name, i) => ({
    n: i + 1,
    name,
    run: async () => {
      ran.push(i + 1);
      if (i + 1 === failAt) throw new Error(`stage ${name} broke`);
    },
  }));
}

test('selectStages honours start, stop and skip, and rejects bad numbers', () => {
  const stages = [1, 2, 3, 4, 5].map((n) => ({ n }));
  assert.deepEqual(selectStages(stages, { startFrom: 3 }).map((s) => s.n), [3, 4, 5]);
  assert.deepEqual(selectStages(stages, { stopAt: 2 }).map((s) => s.n), [1, 2]);
  assert.deepEqual(selectStages(stages, { skip: [2, 4] }).map((s) => s.n), [1, 3, 5]);
  assert.throws(() => selectStages(stages, { startFrom: 6 }), /--start-from must be a stage number 1–5, got 6/);
  assert.throws(() => selectStages(stages, { startFrom: 4, stopAt: 2 }), /--start-from 4 is after --stop-at 2/);
  assert.throws(() => selectStages(stages, { skip: [0] }), /--skip-stages/);
});

test('runPipeline writes config.json, stops at a failure, or goes on with continueOnError', async () => {
  const cfg = resolveGruSaeConfig({ overrides: { dataset: 'apt29', out: path.join(tmp, 'run') } });
  await runPipeline(cfg, recordingStages([]), { log: () => {} }); // a complete run whose stage 1 later runs reuse

  const ran2: number[] = [];
  const r2 = await runPipeline(cfg, recordingStages(ran2, 3), { continueOnError: true, skip: [1], log: () => {} });
  assert.deepEqual(ran2, [2, 3, 4, 5]);
  assert.deepEqual(r2.map((r) => r.status), ['skipped', 'ok', 'failed', 'ok', 'ok']);
  assert.deepEqual(r2.map((r) => r.staleAfter), [undefined, undefined, undefined, 3, 3], 'later stages say they ran on older artefacts');

  const ran: number[] = [];
  const results = await runPipeline(cfg, recordingStages(ran, 2), { startFrom: 1, log: () => {} });
  assert.deepEqual(ran, [1, 2]);
  assert.deepEqual(results.map((r) => r.status), ['ok', 'failed', 'skipped', 'skipped', 'skipped']);
  assert.match(results[1].error ?? '', /stage encode broke/);
  assert.equal(JSON.parse(fs.readFileSync(path.join(tmp, 'run', 'config.json'), 'utf8')).dataset, 'apt29');
  const manifest = JSON.parse(fs.readFileSync(path.join(tmp, 'run', 'run.json'), 'utf8'));
  assert.equal(manifest.status, 'failed');
  assert.deepEqual(Object.fromEntries(Object.entries(manifest.stages).map(([k, v]) => [k, (v as { status: string }).status])), { aggregate: 'complete', encode: 'failed' });
  assert.ok(!fs.existsSync(path.join(tmp, 'run', 'run.lock')), 'the lock is released');
});

test('the pipeline config resolves flags, encoding presets and rejects unknown keys', () => {
  const cfg = resolveGruSaeConfig({ overrides: { config_preset: 'basic', 'encoding.seq_len': 5, 'model.encoder_units': [8, 4] } });
  assert.equal(cfg.encoding.use_text, false, 'basic preset turns text off');
  assert.equal(cfg.encoding.seq_len, 5);
  assert.deepEqual(cfg.model.encoder_units, [8, 4]);
  assert.throws(() => resolveGruSaeConfig({ overrides: { config_preset: 'nosuch' } }), /config preset "nosuch".*not found.*known: basic, extended, network/);
  assert.throws(() => resolveGruSaeConfig({ overrides: { 'encoding.seqlen': 5 } }), /unknown config key "encoding\.seqlen"/);
});

test('a dataset schema\'s "encoding" block sits under presets and flags', () => {
  const demo = resolveGruSaeConfig({ overrides: { dataset: 'demo-sysmon' } });
  assert.equal(demo.encoding.group_by, 'Hostname', 'the demo schema windows per host');
  assert.equal(demo.encoding.novelty_features, true);
  const apt = resolveGruSaeConfig({ overrides: { dataset: 'apt29' } });
  assert.equal(apt.encoding.group_by, null);
  assert.equal(apt.encoding.novelty_features, false);
  const flagged = resolveGruSaeConfig({ overrides: { dataset: 'demo-sysmon', 'encoding.novelty_features': false } });
  assert.equal(flagged.encoding.novelty_features, false, 'a flag beats the schema');
});
