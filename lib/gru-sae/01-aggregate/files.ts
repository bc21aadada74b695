/** Stage 1 input side: find a schema's raw files and read each into an all-text polars frame. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type pl from 'nodejs-polars';
import { globToRegExp, naturalCompare, resolveRawDir, REPO_ROOT, SHARED_PREFIX } from '../../io/paths';
import { dataRowRef, readCsv, requireColumns } from '../../io/tables';
import { COLUMN_ROLES, type DatasetSchema } from '../schema';

/** Absolute paths of the schema's raw files, in natural name order; clear errors when there are none. */
export function listRawFiles(schema: DatasetSchema, where: string): string[] {
  const dir = resolveRawDir(schema.raw_dir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`raw data folder of dataset "${schema.dataset}" not found: ${dir} (raw_dir "${schema.raw_dir}" in ${where}; ${missingDirHint(schema.raw_dir)})`);
  }
  const re = globToRegExp(schema.files);
  const files = fs.readdirSync(dir).filter((f) => re.test(f) && fs.statSync(path.join(dir, f)).isFile()).sort(naturalCompare);
  if (files.length === 0) {
    const have = fs.readdirSync(dir).slice(0, 10);
    throw new Error(`no raw files of dataset "${schema.dataset}" match "${schema.files}" in ${dir} (files there: ${have.length ? have.join(', ') : 'none'}; see "files" in ${where})`);
  }
  return files.map((f) => path.join(dir, f));
}

function missingDirHint(rawDir: string): string {
  const norm = rawDir.replace(/\\/g, '/');
  if (norm.startsWith('data/demo')) return 'generate the demo data with `npm run demo-data`';
  if (norm.startsWith(SHARED_PREFIX)) {
    const shared = process.env.SEQSENTRY_SHARED_DATA ?? path.resolve(REPO_ROOT, SHARED_PREFIX);
    return fs.existsSync(shared)
      ? `${shared} exists but lacks this dataset folder`
      : `${SHARED_PREFIX} is absent: the real datasets live beside the repository (or set SEQSENTRY_SHARED_DATA); use a demo dataset instead`;
  }
  return 'check the path, which is relative to the repository root';
}

/** Every column a schema reads from a raw file (features, time, label, campaign), without repeats. */
export function schemaColumns(schema: DatasetSchema): string[] {
  const cols = COLUMN_ROLES.flatMap((r) => schema.columns[r]);
  if (schema.time_column) cols.push(schema.time_column);
  cols.push(schema.label_column);
  if (schema.campaign?.from === 'column') cols.push(schema.campaign.column);
  return [...new Set(cols)];
}

/**
 * Read one raw file with every column as text (types are decided by the schema, not inferred),
 * named by the header or by `column_names`. A missing schema column, or an empty label, is an
 * error naming the file (and for the label the column and the first 1-based data row).
 */
export function readRawFile(file: string, schema: DatasetSchema): pl.DataFrame {
  let df = readCsv(file, { hasHeader: schema.has_header, inferSchemaLength: 0 });
  if (schema.column_names) {
    const names = schema.column_names;
    if (df.width !== names.length) {
      throw new Error(`${file}: has ${df.width} columns, but the schema's column_names lists ${names.length} (${names.slice(0, 3).join(', ')}, …)`);
    }
    df = df.rename(Object.fromEntries(df.columns.map((c, i) => [c, names[i]])));
  }
  requireColumns(df, schemaColumns(schema), file);
  const label = df.getColumn(schema.label_column);
  const empty = label.nullCount();
  if (empty > 0) {
    const first = (label.isNull().toArray() as boolean[]).indexOf(true);
    throw new Error(`${file}: rows with an empty label column "${schema.label_column}" (${empty} in this file, first at ${dataRowRef(first, schema.has_header)}); every row needs a label`);
  }
  return df;
}
