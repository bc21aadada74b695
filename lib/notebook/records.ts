import * as fs from 'node:fs';
import * as path from 'node:path';
import { isPlainObject } from '../config/merge';
import { writeFileAtomic, writeJson } from '../io/files';
import { fromRoot } from '../io/paths';
import { parseBaseline, serializeBaseline, type Baseline } from './baseline';
import type { TrackedRecord } from './tracked';

// Files of the nightly regression (the file-system edge of tracking): baselines, the run's tracked
// records, and the history folder the summary page draws its sparklines from.

/** The committed baseline of a preset: notebooks/baseline.<preset>.json. */
export function defaultBaselinePath(preset: string): string {
  return fromRoot('notebooks', `baseline.${preset}.json`);
}

/** Read a baseline; null when the file does not exist; errors name the file. */
export function loadBaseline(file: string): Baseline | null {
  if (!fs.existsSync(file)) return null;
  if (!fs.statSync(file).isFile()) throw new Error(`${file} is not a file`);
  return parseBaseline(fs.readFileSync(file, 'utf8'), file);
}

/** Write a baseline atomically. */
export function writeBaseline(file: string, b: Baseline): void {
  writeFileAtomic(file, serializeBaseline(b));
}

/** Every notebook's record of one run: `<out-dir>/tracked.json`, and one file per run in --history. */
export interface RunRecord {
  format: 1;
  preset: string;
  started_at: string;
  commit: string | null;
  commit_dirty: boolean | null;
  notebooks: Record<string, TrackedRecord>;
}

/** Write the run record to `file`. */
export function writeRunRecord(file: string, run: RunRecord): void {
  writeJson(file, run);
}

/** Add the run record to a history folder as `<started_at>-<preset>.json` (colons made file-safe); returns its path. */
export function addToHistory(dir: string, run: RunRecord): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${run.started_at.replace(/[:.]/g, '-')}-${run.preset}.json`);
  writeRunRecord(file, run);
  return file;
}

/**
 * The run records in a history folder for `preset`, oldest first (by `started_at`); files that are
 * not run records are skipped and named in `skipped`.
 */
export function loadHistory(dir: string, preset: string): { runs: RunRecord[]; skipped: string[] } {
  const runs: RunRecord[] = [];
  const skipped: string[] = [];
  if (!fs.existsSync(dir)) return { runs, skipped };
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    try {
      const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (!isPlainObject(raw) || raw.format !== 1 || typeof raw.started_at !== 'string' || !isPlainObject(raw.notebooks)) throw new Error('not a run record');
      if (raw.preset === preset) runs.push(raw as unknown as RunRecord);
    } catch {
      skipped.push(file);
    }
  }
  runs.sort((a, b) => a.started_at.localeCompare(b.started_at));
  return { runs, skipped };
}
