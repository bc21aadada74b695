import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveGruSaeConfig } from '../lib/gru-sae/config';
import { runPipeline } from '../lib/gru-sae/pipeline';
import { GRU_SAE_STAGES } from '../lib/gru-sae/stages';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-flows-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('demo flows: each flow is its own sequence (the schema sets seq_len 1, a flag still wins); the smoke GRU-SAE ranks attack flows above the chance control', { timeout: 600_000 }, async () => {
  assert.equal(resolveGruSaeConfig({ overrides: { dataset: 'demo-flows', 'encoding.seq_len': 4 } }).encoding.seq_len, 4);
  assert.equal(resolveGruSaeConfig({ overrides: { dataset: 'demo-sysmon' } }).encoding.seq_len, 10, 'other datasets keep their windows');
  const cfg = resolveGruSaeConfig({ preset: 'smoke', overrides: { dataset: 'demo-flows', out: path.join(tmp, 'run') } });
  assert.equal(cfg.encoding.seq_len, 1);
  const results = await runPipeline(cfg, GRU_SAE_STAGES, { stopAt: 4, log: () => {}, argv: [] });
  assert.deepEqual(results.map((r) => r.status), ['ok', 'ok', 'ok', 'ok', 'skipped'], results.map((r) => r.error ?? '').join(' '));
  const m = JSON.parse(fs.readFileSync(path.join(tmp, 'run', 'metrics.json'), 'utf8')) as Record<string, number>;
  assert.ok(m['gru_sae.test.roc_auc'] > m['random.test.roc_auc'] + 0.05, `GRU-SAE ROC-AUC ${m['gru_sae.test.roc_auc']} vs chance ${m['random.test.roc_auc']}`);
  assert.ok(m['gru_sae.test.average_precision'] > m['random.test.average_precision'], `AP ${m['gru_sae.test.average_precision']} vs ${m['random.test.average_precision']}`);
});
