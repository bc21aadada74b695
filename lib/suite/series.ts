/**
 * The series of a suite: each source expands to named series whose file paths stay as the suite spells
 * them (`../shared/data/smd/...`), so a job carries paths every machine resolves the same way
 * (lib/io/paths resolveRawDir: from the repository root, `../shared/data` following
 * SEQSENTRY_SHARED_DATA). Expanding checks that the files exist; reading them is the job's work.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveRawDir } from '../io/paths';
import { loadL1Data, type L1Data } from '../l1/01-inputs/data';
import { syntheticL1Data } from '../l1/01-inputs/synthetic';
import type { SeriesSource } from './spec';

/** One series of a suite: its id and where its data comes from (paths as spelled in the suite). */
export type SeriesLocator =
  | { id: string; layout: 'files'; train: string; test: string; labels: string; header: 'auto' | 'yes' | 'no' }
  | { id: string; layout: 'synthetic'; seed: number; train_rows: number; test_rows: number; features: number; events: [number, number][] | null };

const SMD_SUFFIX = /_(train|test|test_label)\.csv(\.gz)?$/;

/** Expand the sources into series, checking every file exists (a missing one is an error naming it); ids must be unique. */
export function expandSeries(sources: readonly SeriesSource[]): SeriesLocator[] {
  const out = sources.flatMap(expandOne);
  const seen = new Set<string>();
  for (const s of out) {
    if (seen.has(s.id)) throw new Error(`series "${s.id}" is listed twice; give each series its own id`);
    seen.add(s.id);
  }
  for (const s of out) if (s.layout === 'files') for (const k of ['train', 'test', 'labels'] as const) checkFile(s[k], `series "${s.id}": ${k} file`);
  return out;
}

function expandOne(src: SeriesSource): SeriesLocator[] {
  if (src.layout === 'files') return [{ id: src.id, layout: 'files', train: src.train, test: src.test, labels: src.labels, header: src.header ?? 'auto' }];
  if (src.layout === 'synthetic') {
    return [{ id: src.id, layout: 'synthetic', seed: src.seed ?? 8, train_rows: src.train_rows ?? 900, test_rows: src.test_rows ?? 700, features: src.features ?? 4, events: src.events ?? null }];
  }
  const dir = resolveRawDir(src.dir);
  if (!fs.existsSync(dir)) throw new Error(`series folder ${src.dir} not found (looked in ${dir}; ../shared/data follows SEQSENTRY_SHARED_DATA)`);
  const present = [...new Set(fs.readdirSync(dir).filter((f) => SMD_SUFFIX.test(f)).map((f) => f.replace(SMD_SUFFIX, '')))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const entities = src.entities === '*' ? present : src.entities;
  if (!entities.length) throw new Error(`series folder ${src.dir} holds no <entity>_train/test/test_label triple`);
  return entities.map((e) => {
    const file = (suffix: string) => {
      const gz = `${e}_${suffix}.csv.gz`;
      const name = fs.existsSync(path.join(dir, gz)) || !fs.existsSync(path.join(dir, `${e}_${suffix}.csv`)) ? gz : `${e}_${suffix}.csv`;
      return `${src.dir.replace(/\/+$/, '')}/${name}`;
    };
    if (!present.includes(e)) throw new Error(`series "${e}": no ${e}_train/test/test_label files in ${src.dir} (${dir}); entities present: ${present.join(', ') || 'none'}`);
    return { id: e, layout: 'files' as const, train: file('train'), test: file('test'), labels: file('test_label'), header: 'no' as const };
  });
}

function checkFile(spelled: string, what: string): void {
  const p = resolveRawDir(spelled);
  if (!fs.existsSync(p)) throw new Error(`${what} ${spelled} not found (looked at ${p})`);
}

/** Absolute paths of a series' input files (none for a synthetic one). */
export function seriesInputs(s: SeriesLocator): string[] {
  return s.layout === 'files' ? [s.train, s.test, s.labels].map(resolveRawDir) : [];
}

/** Read a series (train rows, test rows, one 0/1 label per test row); data errors name the file, row and column. */
export function loadSeries(s: SeriesLocator): L1Data {
  if (s.layout === 'synthetic') {
    return syntheticL1Data({ seed: s.seed, trainRows: s.train_rows, testRows: s.test_rows, features: s.features, ...(s.events ? { events: s.events } : {}) });
  }
  const [train, test, labels] = seriesInputs(s);
  return loadL1Data({ train, test, labels }, { header: s.header });
}
