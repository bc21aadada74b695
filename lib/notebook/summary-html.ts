import type { CompareRow, Comparison } from './baseline';
import type { RunRecord } from './records';
import { formatChange, formatValue } from './report';
import type { TrackedValue } from './track';

// The nightly summary page (pure): every tracked value of the run, its baseline and tolerance, and a
// sparkline of the values in earlier runs (--history). Self-contained: inline CSS and SVG, no scripts.

/** What the page shows. */
export interface SummaryInput {
  run: RunRecord;
  /** Earlier runs of the same preset, oldest first (the current one excluded). */
  history: RunRecord[];
  /** The run compared with a baseline (--check or --update-baseline), if it was. */
  comparison?: Comparison;
  baselineFile?: string;
  /** Per notebook path: its status as the executor saw it. */
  statuses: Record<string, string>;
}

/** The summary page as one HTML string. */
export function summaryHtml(input: SummaryInput): string {
  const { run, history, comparison } = input;
  const rowsByNb = new Map<string, CompareRow[]>();
  for (const r of comparison?.rows ?? []) rowsByNb.set(r.notebook, [...(rowsByNb.get(r.notebook) ?? []), r]);
  const sections = Object.values(run.notebooks).map((rec) => {
    const rows = rowsByNb.get(rec.notebook) ?? Object.entries(rec.values).map(([key, now]) => plainRow(rec.notebook, key, now));
    const fails = rows.filter((r) => r.severity === 'fail').length;
    const warns = rows.filter((r) => r.severity === 'warn').length;
    const body = rows.map((r) => rowHtml(r, series(history, r.notebook, r.key, r.now))).join('\n');
    const status = input.statuses[rec.notebook] ?? rec.status;
    const tally = (fails ? `, <span class="fail">${fails} failing</span>` : '') + (warns ? `, <span class="warn">${warns} warning(s)</span>` : '');
    return `<details${fails || status !== 'ok' ? ' open' : ''}><summary><b>${esc(rec.notebook)}</b> — ${esc(status)}, ${rows.length} values${tally}</summary>
${context(rec.context)}${rec.problems.map((p) => `<p class="warn">${esc(p)}</p>`).join('')}
<table>${HEAD}
${body}</table></details>`;
  });
  const flagged = (comparison?.rows ?? []).filter((r) => r.status !== 'ok');
  const verdict = comparison
    ? comparison.failed ? '<span class="fail">check FAILED</span>' : '<span class="ok">within tolerance</span>'
    : 'not compared with a baseline (run with --check)';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>seqsentry notebooks · ${esc(run.preset)} · ${esc(run.started_at)}</title>
<style>${CSS}</style></head><body>
<h1>seqsentry notebooks — preset ${esc(run.preset)}</h1>
<p>${esc(run.started_at)} · commit ${esc(run.commit ?? 'unknown')}${run.commit_dirty ? ' (with uncommitted changes)' : ''} · ${Object.keys(run.notebooks).length} notebook(s) · ${verdict}${input.baselineFile ? ` against <code>${esc(input.baselineFile)}</code>` : ''} · ${history.length} earlier run(s) in the history</p>
${(comparison?.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
${flagged.length ? `<h2>Not within tolerance, missing or new</h2><table>${HEAD.replace('<th>key', '<th>notebook</th><th>key')}
${flagged.map((r) => rowHtml(r, series(history, r.notebook, r.key, r.now), true)).join('\n')}</table>` : ''}
<h2>Every tracked value</h2>
${sections.join('\n')}
<p class="note">Sparklines: this key in the earlier runs of the history folder and now (the last dot); the dashed line is the baseline.</p>
</body></html>
`;
}

const HEAD = '<tr><th>key</th><th>trend</th><th>baseline</th><th>now</th><th>change</th><th>tolerance</th><th>status</th></tr>';

const CSS = `body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:.5em 0 1em}
td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:left;white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}
.fail{color:#b00020;font-weight:600}.warn{color:#a15c00}.ok{color:#1b7f3b}.note{color:#555}code{background:#f4f4f4;padding:0 3px}
details{margin:.4em 0}summary{cursor:pointer}svg{vertical-align:middle}`;

function plainRow(notebook: string, key: string, now: TrackedValue): CompareRow {
  return { notebook, key, baseline: undefined, now, change: null, tolerance: '', warnOnly: false, status: 'ok', severity: 'ok' };
}

function rowHtml(r: CompareRow, values: TrackedValue[], withNotebook = false): string {
  const cls = r.severity === 'fail' ? 'fail' : r.severity === 'warn' ? 'warn' : '';
  const label = r.baseline === undefined && r.status === 'ok' ? '' : r.status;
  return `<tr>${withNotebook ? `<td>${esc(r.notebook)}</td>` : ''}<td><code>${esc(r.key)}</code></td><td>${sparkline(values, r.baseline)}</td>` +
    `<td class="n">${formatValue(r.baseline)}</td><td class="n">${formatValue(r.now)}</td><td class="n">${esc(formatChange(r))}</td>` +
    `<td>${esc(r.tolerance)}</td><td class="${cls}">${esc(label)}</td></tr>`;
}

/** This key's value in each earlier run (null when absent there), then now. */
function series(history: RunRecord[], notebook: string, key: string, now: TrackedValue | undefined): TrackedValue[] {
  const past = history.map((h) => h.notebooks[notebook]?.values[key] ?? null);
  return [...past, now ?? null];
}

/**
 * An inline SVG sparkline of `values` (null: a gap), the last point marked, `baseline` dashed.
 * Empty when fewer than two values are numbers and there is nothing to compare with.
 */
export function sparkline(values: TrackedValue[], baseline?: TrackedValue, opts: { width?: number; height?: number } = {}): string {
  const w = opts.width ?? 120;
  const h = opts.height ?? 22;
  const nums = values.filter((v): v is number => typeof v === 'number');
  if (nums.length < 2 && typeof baseline !== 'number') return '';
  const all = typeof baseline === 'number' ? [...nums, baseline] : nums;
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = 3;
  const x = (i: number) => (values.length === 1 ? w / 2 : pad + ((w - 2 * pad) * i) / (values.length - 1));
  const y = (v: number) => (hi === lo ? h / 2 : h - pad - ((h - 2 * pad) * (v - lo)) / (hi - lo));
  const f = (n: number) => n.toFixed(1);
  const segments: string[][] = [[]];
  values.forEach((v, i) => {
    if (typeof v === 'number') segments[segments.length - 1].push(`${f(x(i))},${f(y(v))}`);
    else if (segments[segments.length - 1].length) segments.push([]);
  });
  const lines = segments.filter((s) => s.length > 1).map((s) => `<polyline points="${s.join(' ')}" fill="none" stroke="#3366aa" stroke-width="1.3"/>`);
  const base = typeof baseline === 'number' ? `<line x1="0" x2="${w}" y1="${f(y(baseline))}" y2="${f(y(baseline))}" stroke="#999" stroke-dasharray="3,2"/>` : '';
  const last = values[values.length - 1];
  const dot = typeof last === 'number' ? `<circle cx="${f(x(values.length - 1))}" cy="${f(y(last))}" r="2.2" fill="#d62728"/>` : '';
  const title = `<title>${values.length} run(s): ${values.map((v) => formatValue(v)).join(', ')}</title>`;
  return `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${title}${base}${lines.join('')}${dot}</svg>`;
}

function context(c: Record<string, string>): string {
  const entries = Object.entries(c);
  return entries.length ? `<p class="note">${entries.map(([k, v]) => `${esc(k)}: <code>${esc(v)}</code>`).join(' · ')}</p>` : '';
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}
