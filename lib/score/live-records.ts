/**
 * Live text → records. The first non-empty line decides the format: `{` starts JSON lines (one object
 * per line, keyed by column name; numbers and booleans become their text, null an empty cell), anything
 * else is CSV whose first line is the header. A JSON line that does not parse, or is not an object, is
 * malformed (reported with its line number; the stream goes on).
 */
import type { Malformed } from './codec';
import { CsvStream, type CsvRecord } from './csv';

export type LiveFormat = 'csv' | 'jsonl';

export class LiveRecords {
  format: LiveFormat | null = null;
  /** Column names: the CSV header, or for JSON lines the columns asked for (`jsonColumns`). */
  header: string[] | null = null;
  /** JSON lines: the keys of the first object (checked against the columns the run needs). */
  firstKeys: string[] | null = null;
  /** CSV: records equal to the header (several files concatenated), skipped. */
  repeatedHeaders = 0;
  private csv = new CsvStream();
  private pending = '';
  private line = 1;

  /** `jsonColumns`: the columns a JSON line is read into, in order (the codec's required and optional ones). */
  constructor(private readonly jsonColumns: readonly string[]) {}

  /** Records completed by `text`; malformed lines go to `bad`. The CSV header is consumed, not returned. */
  push(text: string, bad: Malformed[]): CsvRecord[] {
    if (this.format === null) {
      this.pending += text;
      const first = this.pending.trimStart();
      if (first === '') return [];
      this.format = first.startsWith('{') ? 'jsonl' : 'csv';
      text = this.pending;
      this.pending = '';
      if (this.format === 'jsonl') this.header = [...this.jsonColumns];
    }
    return this.format === 'csv' ? this.pushCsv(text) : this.pushJson(text, bad);
  }

  /** The end of the stream: a last line without a line break. */
  end(bad: Malformed[]): CsvRecord[] {
    if (this.format === 'csv') {
      const tail = this.csv.end();
      if (tail.error) bad.push(tail.error);
      return tail.record ? this.pushCsvRecords([tail.record]) : [];
    }
    if (this.format === 'jsonl' && this.pending.trim()) return this.pushJson('\n', bad);
    return [];
  }

  /** Start again (a followed file was rewritten): the next text begins with a header or a JSON line. */
  reset(): void {
    this.format = null;
    this.header = null;
    this.firstKeys = null;
    this.csv = new CsvStream();
    this.pending = '';
    this.line = 1;
  }

  private pushCsv(text: string): CsvRecord[] {
    return this.pushCsvRecords(this.csv.push(text));
  }

  private pushCsvRecords(records: CsvRecord[]): CsvRecord[] {
    if (this.header === null && records.length) {
      this.header = records[0].cells;
      records = records.slice(1);
    }
    // `cat a.csv b.csv` repeats the header: a record equal to it is skipped (counted), not malformed.
    const h = this.header!;
    const same = (r: CsvRecord) => r.cells.length === h.length && r.cells.every((c, i) => c === h[i]);
    if (!records.some(same)) return records;
    return records.filter((r) => {
      if (!same(r)) return true;
      this.repeatedHeaders++;
      return false;
    });
  }

  private pushJson(text: string, bad: Malformed[]): CsvRecord[] {
    const out: CsvRecord[] = [];
    const buf = this.pending + text;
    let pos = 0;
    for (let nl = buf.indexOf('\n', pos); nl >= 0; nl = buf.indexOf('\n', pos)) {
      const line = buf.slice(pos, nl).trim();
      const at = this.line++;
      pos = nl + 1;
      if (line === '') continue;
      const r = jsonRecord(line, this.header!);
      if (typeof r === 'string') {
        bad.push({ line: at, reason: r });
        continue;
      }
      this.firstKeys ??= r.keys;
      out.push({ line: at, cells: r.cells });
    }
    this.pending = buf.slice(pos);
    return out;
  }
}

/** A JSON line as cells in `columns` order (and its keys), or the reason it is malformed. */
function jsonRecord(line: string, columns: readonly string[]): { cells: string[]; keys: string[] } | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    return `not JSON (${(err as Error).message})`;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'a JSON line must be an object keyed by column name';
  const o = v as Record<string, unknown>;
  const cells = columns.map((c) => {
    const x = o[c];
    return x === undefined || x === null ? '' : typeof x === 'object' ? JSON.stringify(x) : String(x);
  });
  return { cells, keys: Object.keys(o) };
}
