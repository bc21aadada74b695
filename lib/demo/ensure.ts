import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJson } from '../io/files';
import { Run, runStatus } from '../run';
import { DEMO_MANIFEST, demoRunOptions, generateDemoData, type DemoManifest } from './generate';
import type { DemoOptions } from './options';

/** The manifest of reusable demo data in `dir` made with `opts`: its run complete and every file present; else null. */
function reusable(dir: string, opts: DemoOptions): DemoManifest | null {
  const file = path.join(dir, DEMO_MANIFEST);
  if (!fs.existsSync(file)) return null;
  const status = runStatus(dir);
  if (status !== null && status !== 'complete') return null; // a generator failed or was killed part-way
  const manifest = readJson<DemoManifest>(file, 'demo data manifest');
  const { out, ...wanted } = opts;
  void out;
  const sameOptions = JSON.stringify(manifest.options) === JSON.stringify(JSON.parse(JSON.stringify({ ...wanted, _meta: undefined })));
  const files = [manifest.flows?.file, ...(manifest.sysmon?.files ?? []).map((f) => f.file)];
  const complete = files.every((f) => typeof f === 'string' && fs.existsSync(path.join(dir, f)));
  return sameOptions && complete ? manifest : null;
}

/** Thrown inside the lock when another process has just made the data this one was about to make. */
class MadeMeanwhile extends Error {
  constructor(readonly manifest: DemoManifest) {
    super('demo data made meanwhile');
  }
}

/**
 * Reuse the demo data in `opts.out` when its run is complete, was made with the same options and every
 * file it lists is there; else generate it (so switching presets regenerates, and re-running does not).
 * Several processes may ask at once (parallel tests, notebooks): one generates, the others wait for
 * its lock and then reuse what it made.
 */
export async function ensureDemoData(opts: DemoOptions, force = false): Promise<{ manifest: DemoManifest; generated: boolean }> {
  const runOpts = demoRunOptions(opts);
  if (!force) {
    const ready = reusable(runOpts.dir, opts);
    if (ready) return { manifest: ready, generated: false };
  }
  let run: Run;
  try {
    run = Run.open({
      ...runOpts, waitMs: 10 * 60_000,
      check: () => {
        const ready = force ? null : reusable(runOpts.dir, opts);
        if (ready) throw new MadeMeanwhile(ready);
      },
    });
  } catch (err) {
    if (err instanceof MadeMeanwhile) return { manifest: err.manifest, generated: false };
    throw err;
  }
  return { manifest: await run.within(() => generateDemoData(opts, undefined, run)), generated: true };
}
