import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromRoot } from '../io/paths';
import { readJson } from '../io/files';
import { generateDemoData, type DemoManifest } from './generate';
import type { DemoOptions } from './options';

/**
 * Reuse the demo data in `opts.out` when its manifest was made with the same options and every file
 * it lists is there, else generate it (so switching presets regenerates, and re-running does not).
 */
export async function ensureDemoData(opts: DemoOptions, force = false): Promise<{ manifest: DemoManifest; generated: boolean }> {
  const dir = fromRoot(opts.out);
  const file = path.join(dir, 'manifest.json');
  if (!force && fs.existsSync(file)) {
    const manifest = readJson<DemoManifest>(file, 'demo data manifest');
    const { out, ...wanted } = opts;
    void out;
    const sameOptions = JSON.stringify(manifest.options) === JSON.stringify(JSON.parse(JSON.stringify({ ...wanted, _meta: undefined })));
    const files = [manifest.flows?.file, ...(manifest.sysmon?.files ?? []).map((f) => f.file)];
    const complete = files.every((f) => typeof f === 'string' && fs.existsSync(path.join(dir, f)));
    if (sameOptions && complete) return { manifest, generated: false };
  }
  return { manifest: await generateDemoData(opts), generated: true };
}
