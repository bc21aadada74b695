/** What the SmartNetGuard notebooks share: one config, the inputs (SMD when present, else synthetic) and one run folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Resolved } from '../config';
import { fromRoot, sharedDataDir } from '../io/paths';
import { configHash, effectiveStatus, readManifest, withoutMeta } from '../run';
import { resolveL1Config, type L1Config } from './config';
import { l1InputPaths, loadL1Data, type L1Data } from './01-inputs/data';
import { runL1, type L1RunOptions } from './run';
import { syntheticL1Data } from './01-inputs/synthetic';

export interface L1NotebookSetup {
  cfg: Resolved<L1Config>;
  data: L1Data;
  /** The run folder every notebook of the series reads: outputs/l1/notebook-<entity or synthetic>. */
  dir: string;
  /** One line saying which inputs were used, and why. */
  source: string;
}

/** SMD `entity` from ../shared/data when present; otherwise the synthetic series, saying so. */
export function l1NotebookSetup(opts: { entity?: string; overrides?: Record<string, unknown> } = {}): L1NotebookSetup {
  const entity = opts.entity ?? 'machine-1-6';
  const shared = sharedDataDir();
  const smd = shared !== null && fs.existsSync(path.join(shared, 'smd', `${entity}_train.csv.gz`));
  const cfg = resolveL1Config({ overrides: { ...(smd ? { dataset: 'smd', entity } : {}), ...opts.overrides } });
  const data = smd ? loadL1Data(l1InputPaths(cfg)) : syntheticL1Data();
  const source = smd ? `SMD ${entity} from ${path.join(shared!, 'smd')}` : `../shared/data/smd not found: using the synthetic series of lib/l1/synthetic.ts instead`;
  return { cfg, data, dir: fromRoot('outputs', 'l1', `notebook-${smd ? entity : 'synthetic'}`), source };
}

/** Run L1 into the setup's folder unless a complete run with the same config is already there. */
export async function ensureL1Run(s: L1NotebookSetup, opts: L1RunOptions = {}): Promise<void> {
  const m = readManifest(s.dir);
  const done = m !== null && effectiveStatus(m) === 'complete' && m.config_hash === configHash(withoutMeta(s.cfg));
  if (!done) await runL1(s.cfg, s.dir, { ...opts, data: s.data });
}
