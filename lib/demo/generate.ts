/** `generateDemoData`: build the Sysmon log and the flows, write them as a run (lib/run), return the manifest. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeJson } from '../io/files';
import { fromRoot } from '../io/paths';
import { withRun, type Run } from '../run';
import { formatCsv } from './csv';
import { FLOW_COLUMNS } from './flow-features';
import { generateFlows, type BurstInfo } from './flows';
import { CAMPAIGNS, DEMO_DEFAULTS, FLOW_LABELS, type DemoOptions } from './options';
import { createRng } from '../random';
import { SYSMON_COLUMNS, sysmonRow } from './sysmon-csv';
import { generateSysmon } from './sysmon';
import { validateDemoOptions } from './validate';

export interface FileEntry {
  file: string;
  rows: number;
  attacks: number;
  campaign: string | null;
  first_ts: string | null;
  last_ts: string | null;
}

/** What was generated; written as `manifest.json` (no wall-clock values, so it is seed-deterministic). */
export interface DemoManifest {
  generator: 'seqsentry demo-data';
  seed: number;
  /** Config preset the options were resolved with (null when called with plain options). */
  preset: string | null;
  options: Omit<DemoOptions, 'out'>;
  sysmon: {
    dir: 'sysmon';
    columns: readonly string[];
    rows: number;
    attacks: number;
    campaign_files: Record<string, [number, number]>;
    campaign_counts: Record<string, number>;
    files: FileEntry[];
  };
  flows: {
    file: 'flows/flows.csv';
    columns: readonly string[];
    rows: number;
    label_counts: Record<string, number>;
    non_finite_rows: number;
    bursts: BurstInfo[];
  };
}

/** Internal hook for tests: called after the data files are written, before manifest.json and the run's `complete`. */
export type BeforeCommit = (dir: string) => void;

/** The demo data's own `manifest.json` (written last): a folder holding it was made by this generator. */
export const DEMO_MANIFEST = 'manifest.json';

/** A demo data folder written before run manifests existed (its manifest.json names the generator). */
export function isLegacyDemoFolder(dir: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, DEMO_MANIFEST), 'utf8')) as { generator?: string }).generator === 'seqsentry demo-data';
  } catch {
    return false;
  }
}

/** Fill in defaults for any missing top-level group (programmatic callers may pass partial options). */
export function withDefaults(o: Partial<DemoOptions> = {}): DemoOptions {
  return {
    ...DEMO_DEFAULTS,
    ...o,
    sysmon: { ...DEMO_DEFAULTS.sysmon, ...(o.sysmon ?? {}) },
    flows: { ...DEMO_DEFAULTS.flows, ...(o.flows ?? {}) },
  };
}

/**
 * Generate the demo data set under `opts.out` as a run of kind `demo-data` (the folder must be empty,
 * missing, or demo data) and return its manifest. Same options and seed → byte-identical files.
 * `run`: an open run to write in (ensureDemoData's); default: open one.
 */
export async function generateDemoData(opts: DemoOptions, beforeCommit?: BeforeCommit, run?: Run): Promise<DemoManifest> {
  const mapping = validateDemoOptions(opts);
  if (!run) return withRun(demoRunOptions(opts), (r) => generateDemoData(opts, beforeCommit, r));
  const { out: _out, ...rest } = opts;
  void _out;
  const options = JSON.parse(JSON.stringify({ ...rest, _meta: undefined })) as Omit<DemoOptions, 'out'>;
  const root = createRng(opts.seed);
  const log = generateSysmon(root.fork('sysmon'), opts.sysmon, mapping);
  const flows = generateFlows(root.fork('flows'), opts.flows);
  const owner = (n: number) => CAMPAIGNS.find((c) => mapping[c][0] <= n && n <= mapping[c][1]) ?? null;
  const files: FileEntry[] = log.files.map((evs, i) => ({
    file: `sysmon/dataset-${i + 1}.csv`,
    rows: evs.length,
    attacks: evs.reduce((a, e) => a + e.label, 0),
    campaign: owner(i + 1),
    first_ts: evs.length ? new Date(evs[0].t).toISOString() : null,
    last_ts: evs.length ? new Date(evs[evs.length - 1].t).toISOString() : null,
  }));
  const campaignCounts = Object.fromEntries(CAMPAIGNS.map((c) => [c, 0]));
  for (const f of log.files) for (const e of f) if (e.label) campaignCounts[e.campaign]++;
  const labelCounts = Object.fromEntries(FLOW_LABELS.map((l) => [l, 0]));
  let nonFinite = 0;
  const rateCols = [FLOW_COLUMNS.indexOf('Flow Bytes/s'), FLOW_COLUMNS.indexOf('Flow Packets/s')];
  for (const r of flows.rows) {
    labelCounts[r[r.length - 1] as string]++;
    if (rateCols.some((j) => !Number.isFinite(r[j] as number))) nonFinite++;
  }
  const manifest: DemoManifest = {
    generator: 'seqsentry demo-data',
    seed: opts.seed,
    preset: (opts as { _meta?: { preset?: string } })._meta?.preset ?? null,
    options,
    sysmon: {
      dir: 'sysmon',
      columns: SYSMON_COLUMNS,
      rows: files.reduce((a, f) => a + f.rows, 0),
      attacks: files.reduce((a, f) => a + f.attacks, 0),
      campaign_files: mapping,
      campaign_counts: campaignCounts,
      files,
    },
    flows: { file: 'flows/flows.csv', columns: FLOW_COLUMNS, rows: flows.rows.length, label_counts: labelCounts, non_finite_rows: nonFinite, bursts: flows.bursts },
  };
  await run.stage('write', () => {
    fs.mkdirSync(path.join(run.dir, 'sysmon'), { recursive: true });
    fs.mkdirSync(path.join(run.dir, 'flows'), { recursive: true });
    log.files.forEach((evs, i) => fs.writeFileSync(path.join(run.dir, files[i].file), formatCsv(SYSMON_COLUMNS, evs.map(sysmonRow))));
    fs.writeFileSync(path.join(run.dir, manifest.flows.file), formatCsv(FLOW_COLUMNS, flows.rows));
    beforeCommit?.(run.dir);
    writeJson(path.join(run.dir, DEMO_MANIFEST), manifest);
  });
  return manifest;
}

/** How the demo data opens its run: kind demo-data in `out`, an older demo folder accepted as its own. */
export function demoRunOptions(opts: DemoOptions) {
  return { dir: fromRoot(opts.out), kind: 'demo-data' as const, config: opts, legacy: isLegacyDemoFolder };
}
