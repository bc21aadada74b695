/**
 * An incremental CSV reader for streams (files read in chunks, `tail -f`, stdin): text goes in as it
 * arrives, complete records come out with the 1-based line number where each starts. RFC 4180 quoting:
 * a quoted field may hold commas, doubled quotes and line breaks; CRLF and LF both end a record. A line
 * with no quote takes a fast path (split on commas). Empty lines are skipped.
 */

export interface CsvRecord {
  /** 1-based line of the record's first character in the stream. */
  line: number;
  cells: string[];
}

export class CsvStream {
  private pending = '';
  /** Line number of `pending`'s first character. */
  private pendingLine = 1;

  /** Feed text; returns the records it completes (a record cut by the chunk's end waits for more). */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let buf = this.pending + text;
    let line = this.pendingLine;
    let pos = 0;
    while (pos < buf.length) {
      const nl = buf.indexOf('\n', pos);
      if (nl < 0) break;
      const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const quote = buf.indexOf('"', pos);
      if (quote < 0 || quote >= end) {
        if (end > pos) out.push({ line, cells: buf.slice(pos, end).split(',') });
        pos = nl + 1;
        line++;
        continue;
      }
      const r = parseQuoted(buf, pos);
      if (!r) break; // an open quote: the record continues in the next chunk
      out.push({ line, cells: r.cells });
      line += r.lines;
      pos = r.next;
    }
    buf = buf.slice(pos);
    this.pending = buf;
    this.pendingLine = line;
    return out;
  }

  /** The last record when the stream ends without a line break, or a malformed tail (an unterminated quote). */
  end(): { record: CsvRecord | null; error: { line: number; reason: string } | null } {
    const rest = this.pending;
    this.pending = '';
    if (rest.trim() === '') return { record: null, error: null };
    const r = parseQuoted(rest + '\n', 0);
    if (!r) return { record: null, error: { line: this.pendingLine, reason: 'unterminated quoted field at the end of the input' } };
    return { record: { line: this.pendingLine, cells: r.cells }, error: null };
  }
}

/**
 * Parse one record starting at `start` (quotes allowed); null when the text ends inside it.
 * Returns the cells, the position after the record's line break and the line breaks it spans.
 */
function parseQuoted(s: string, start: number): { cells: string[]; next: number; lines: number } | null {
  const cells: string[] = [];
  let cell = '';
  let i = start;
  let lines = 0;
  let quoted = false;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (quoted) {
      if (c === 34) {
        if (s.charCodeAt(i + 1) === 34) {
          cell += '"';
          i += 2;
          continue;
        }
        if (i + 1 >= s.length) return null; // the closing quote or an escaped one: decided by the next chunk
        quoted = false;
        i++;
        continue;
      }
      if (c === 10) lines++;
      cell += s[i];
      i++;
      continue;
    }
    if (c === 34) {
      quoted = true;
      i++;
    } else if (c === 44) {
      cells.push(cell);
      cell = '';
      i++;
    } else if (c === 10 || (c === 13 && s.charCodeAt(i + 1) === 10)) {
      cells.push(cell);
      const next = c === 13 ? i + 2 : i + 1;
      return { cells, next, lines: lines + 1 };
    } else if (c === 13 && i + 1 >= s.length) {
      return null;
    } else {
      cell += s[i];
      i++;
    }
  }
  return null;
}

/** Split `text` into records at once (tests, small inputs). */
export function parseCsv(text: string): CsvRecord[] {
  const s = new CsvStream();
  const out = s.push(text);
  const tail = s.end();
  if (tail.error) throw new Error(`line ${tail.error.line}: ${tail.error.reason}`);
  if (tail.record) out.push(tail.record);
  return out;
}
