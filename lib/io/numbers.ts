/**
 * What counts as a number in a user's table cell. One rule for every reader, so that header
 * detection and value parsing agree: a cell that parses here is data, never a column name.
 *
 * - decimal floats with optional sign, point and exponent: `1`, `+1.5e3`, `-.5`, `1.`, `1E-05`
 *   (the syntax polars parses; no hex, no thousands separators, no `1_000`);
 * - non-finite spellings, any case, optional sign: `inf`, `infinity`, `nan` (so `-Infinity`, `NaN`);
 * - missing-value markers, read as NaN: the empty cell and, any case, `NA`, `N/A`, `#N/A`, `<NA>`,
 *   `null`, `None` (what R and pandas write for a missing value). A first row made only of
 *   these is a data row with gaps, not a header: the readers then reject or impute the gaps,
 *   instead of silently dropping the row as column names.
 *
 * Surrounding white space is ignored.
 */

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^([+-]?)(inf|infinity|nan)$/i;
const MISSING = new Set(['', 'na', 'n/a', '#n/a', '<na>', 'null', 'none']);

/** The number a cell holds (NaN for a missing-value marker), or null when the text is not a number. */
export function parseNumberToken(cell: string): number | null {
  const t = cell.trim();
  if (DECIMAL.test(t)) return Number(t);
  const m = NON_FINITE.exec(t);
  if (m) return m[2].toLowerCase() === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
  return MISSING.has(t.toLowerCase()) ? NaN : null;
}

/** True when the cell is a number, a non-finite spelling or a missing-value marker (see the module doc). */
export function isNumberToken(cell: string): boolean {
  return parseNumberToken(cell) !== null;
}
