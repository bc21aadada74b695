/**
 * The run manifest, `run.json`: what made a run folder (tool, version, commit, command line, config
 * and its hash, inputs), what state it is in, and per stage what it was built from and what it wrote.
 * Its presence is what marks a folder as a run of this tool (see safety.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeJson } from '../io/files';
import type { InputFact } from './provenance';

export const MANIFEST_FILE = 'run.json';
export const TOOL = 'seqsentry';
/** Bumped when the manifest's shape changes incompatibly. */
export const MANIFEST_FORMAT = 1;

/** What a run folder holds: one per pipeline and CLI that writes a run. */
export type RunKind = 'gru-sae' | 'l1' | 'nids' | 'quickstart' | 'demo-data' | 'export' | 'benchmark' | 'benchmark-job';

export type RunStatus = 'running' | 'complete' | 'failed' | 'interrupted';
export type StageStatus = 'running' | 'complete' | 'failed' | 'interrupted';

export interface StageRecord {
  status: StageStatus;
  started_at: string;
  ended_at: string | null;
  seconds: number | null;
  /** The config values this stage's artefacts depend on (dotted keys). */
  keys: Record<string, unknown>;
  /** Files this stage read from outside the run folder. */
  inputs: InputFact[];
  /** Files this stage wrote or replaced, relative to the run folder. */
  artefacts: string[];
  error?: string;
}

/** One earlier run in the same folder (resumes and re-runs), newest last. */
export interface RunHistoryEntry {
  command: string;
  status: RunStatus;
  started_at: string;
  ended_at: string | null;
}

export interface RunManifest {
  tool: typeof TOOL;
  format: number;
  kind: RunKind;
  version: string;
  commit: string | null;
  /** Tracked files differed from the commit when the run started. */
  commit_dirty: boolean | null;
  command: string;
  argv: string[];
  cwd: string;
  host: string;
  pid: number;
  node: string;
  preset: string | null;
  config: Record<string, unknown>;
  config_hash: string;
  status: RunStatus;
  started_at: string;
  ended_at: string | null;
  seconds: number | null;
  error: string | null;
  /** Inputs of the run as a whole (the safety check refuses an output folder holding one). */
  inputs: string[];
  stages: Record<string, StageRecord>;
  history: RunHistoryEntry[];
}

export function manifestPath(dir: string): string {
  return path.join(dir, MANIFEST_FILE);
}

/** The manifest of `dir`, or null when there is none or it is not this tool's. */
export function readManifest(dir: string): RunManifest | null {
  const file = manifestPath(dir);
  if (!fs.existsSync(file)) return null;
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as RunManifest;
    return m && m.tool === TOOL && typeof m.kind === 'string' ? m : null;
  } catch {
    return null;
  }
}

export function writeManifest(dir: string, m: RunManifest): void {
  writeJson(manifestPath(dir), m);
}

/** Whether a process with this pid runs on this host (EPERM: it exists but is not ours). */
export function pidAlive(pid: number): boolean {
  if (!(Number.isInteger(pid) && pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The status a manifest really stands for: `running` with a dead pid on this host is `interrupted`
 * (killed, e.g. by kill -9, before it could say so). A run on another host is taken at its word.
 */
export function effectiveStatus(m: Pick<RunManifest, 'status' | 'host' | 'pid'>): RunStatus {
  if (m.status === 'running' && m.host === os.hostname() && !pidAlive(m.pid)) return 'interrupted';
  return m.status;
}

/** The effective status of the run in `dir`, or null when it is not a run folder. */
export function runStatus(dir: string): RunStatus | null {
  const m = readManifest(dir);
  return m ? effectiveStatus(m) : null;
}
