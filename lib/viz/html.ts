import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../io/files';
import { readManifest, type RunManifest } from '../run/manifest';
import { headlineMetrics, type HeadlineOptions, type TableRow } from './html-metrics';
import type { TopLevelSpec } from './spec';

export { headlineMetrics, HEADLINE_METRICS, type HeadlineOptions, type TableRow } from './html-metrics';

/** One chart of a report; `name` is its file stem in the run folder (charts/<name>.svg). */
export interface ReportChart {
  name: string;
  spec: TopLevelSpec;
}

export interface ReportSection {
  heading: string;
  /** Plain text (escaped); blank lines separate paragraphs. */
  text?: string;
  charts?: ReportChart[];
  /** Rows of a table; columns are the union of the rows' keys, in first-seen order. */
  table?: TableRow[];
  /** Clicking a column header sorts the table by it (numbers numerically, "–" last). */
  sortable?: boolean;
}

export interface ReportOptions {
  title: string;
  /** One line under the title (e.g. dataset and run folder). */
  subtitle?: string;
  sections: ReportSection[];
  /** Flat metrics record (`<detector>.<split>.<metric>`): a headline table opens the report. */
  metrics?: Record<string, number>;
  metricsOptions?: HeadlineOptions;
  /** Resolved config: shown flattened (dotted keys) in a collapsed block at the end. */
  config?: Record<string, unknown>;
  /** Timestamp printed in the footer. Default now. */
  generatedAt?: Date;
  /** What made the run (from its run.json): shown in a collapsed block; writeReportHtml fills it in. */
  provenance?: TableRow[];
}

/** The browser builds inlined into every report (UMD files: each sets a global, vega → vegaLite → vegaEmbed). */
export interface VegaBuilds {
  scripts: { name: string; code: string }[];
  versions: { vega: string; vegaLite: string; vegaEmbed: string };
}

const BUILDS = [
  { pkg: 'vega', file: 'build/vega.min.js', key: 'vega' },
  { pkg: 'vega-lite', file: 'build/vega-lite.min.js', key: 'vegaLite' },
  { pkg: 'vega-embed', file: 'build/vega-embed.min.js', key: 'vegaEmbed' },
] as const;
let builds: VegaBuilds | undefined;

/** Read the minified vega, vega-lite and vega-embed builds from node_modules once (~830 kB together). */
export function vegaBuilds(): VegaBuilds {
  if (builds) return builds;
  const versions = { vega: '', vegaLite: '', vegaEmbed: '' };
  const scripts = BUILDS.map(({ pkg, file, key }) => {
    const dir = packageDir(pkg);
    versions[key] = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    const code = fs.readFileSync(path.join(dir, file), 'utf8');
    // These are UMD bundles (they assign globalThis.vega / vegaLite / vegaEmbed); an ES-module-only build would not.
    if (!code.includes(`.${key}=`)) throw new Error(`${pkg}/${file} does not look like a UMD build setting "${key}"; the report cannot inline it`);
    return { name: `${pkg}@${versions[key]}`, code };
  });
  builds = { scripts, versions };
  return builds;
}

function packageDir(pkg: string): string {
  // vega-embed's "exports" hides package.json and the build folder from require.resolve: walk up node_modules.
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', pkg);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`report: package ${pkg} not found in any node_modules above ${__dirname} (npm install)`);
  }
}

/**
 * A self-contained HTML page (no network: vega, vega-lite and vega-embed are inlined) that draws every
 * chart with vegaEmbed (SVG renderer, no action menu), after an optional headline metrics table.
 * When all charts settle, `window.reportReady` resolves and `<body data-rendered="done">` is set.
 */
export function buildReportHtml(opts: ReportOptions): string {
  if (!opts.title) throw new Error('buildReportHtml: title is required');
  const lib = vegaBuilds();
  const vlSchema = `https://vega.github.io/schema/vega-lite/v${lib.versions.vegaLite.split('.')[0]}.json`;
  const charts: { id: string; spec: unknown }[] = [];
  const body: string[] = [`<header><h1>${esc(opts.title)}</h1>${opts.subtitle ? `<p class="subtitle">${esc(opts.subtitle)}</p>` : ''}</header>`];
  if (opts.metrics && Object.keys(opts.metrics).length) {
    const rows = headlineMetrics(opts.metrics, opts.metricsOptions);
    if (rows.length) body.push(`<section><h2>Headline metrics (${esc(opts.metricsOptions?.split ?? 'test')})</h2>${tableHtml(rows, 'metrics')}</section>`);
  }
  opts.sections.forEach((s, si) => {
    const parts = [`<h2>${esc(s.heading)}</h2>`];
    for (const para of (s.text ?? '').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) parts.push(`<p>${esc(para)}</p>`);
    if (s.table?.length) parts.push(tableHtml(s.table, s.sortable ? 'data sortable' : 'data'));
    const figs = (s.charts ?? []).map((c, ci) => {
      const id = `chart-${si}-${ci}`;
      // The page runs the installed vega-lite (6): restate the schema so vega-embed does not warn about v5 specs.
      charts.push({ id, spec: { ...(c.spec as object), $schema: vlSchema } });
      return `<figure class="chart" id="${id}" data-name="${esc(c.name)}"></figure>`;
    });
    if (figs.length) parts.push(`<div class="charts">${figs.join('')}</div>`);
    body.push(`<section>${parts.join('\n')}</section>`);
  });
  if (opts.provenance?.length) body.push(`<section><details><summary>How this run was made (run.json)</summary>${tableHtml(opts.provenance, 'provenance')}</details></section>`);
  if (opts.config) body.push(`<section><details><summary>Resolved config</summary>${tableHtml(flatten(opts.config).map(([k, v]) => ({ key: k, value: v })), 'config')}</details></section>`);
  const when = (opts.generatedAt ?? new Date()).toISOString();
  const v = lib.versions;
  body.push(`<footer>Generated ${esc(when)} · vega ${esc(v.vega)}, vega-lite ${esc(v.vegaLite)}, vega-embed ${esc(v.vegaEmbed)} (inlined; works offline)</footer>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(opts.title)}</title>`,
    `<style>${CSS}</style>`,
    ...lib.scripts.map((s) => `<script data-lib="${esc(s.name)}">${inlineScript(s.code)}</script>`),
    '</head><body>',
    ...body,
    `<script type="application/json" id="report-charts">${jsonForScript(charts)}</script>`,
    `<script>${inlineScript(PAGE_SCRIPT)}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** Build the report and write it to `file` atomically; returns the path. In a run folder it shows the run's provenance. */
export function writeReportHtml(file: string, opts: ReportOptions): string {
  const m = opts.provenance ? null : readManifest(path.dirname(file));
  writeFileAtomic(file, buildReportHtml(m ? { ...opts, provenance: provenanceRows(m) } : opts));
  return file;
}

/** The manifest's facts as table rows: command, code, config, and each stage's status and time. */
export function provenanceRows(m: RunManifest): TableRow[] {
  const stages = Object.entries(m.stages).map(([name, s]) => `${name} ${s.status}${s.seconds === null ? '' : ` ${s.seconds.toFixed(1)} s`}`).join(', ');
  return [
    { field: 'command', value: m.command },
    { field: 'code', value: `${m.tool} ${m.version}, commit ${m.commit ?? 'unknown'}${m.commit_dirty ? ' (with uncommitted changes)' : ''}` },
    { field: 'config', value: `preset ${m.preset ?? 'none'}, ${m.config_hash}` },
    { field: 'started', value: `${m.started_at} on ${m.host}, pid ${m.pid}, Node ${m.node}` },
    { field: 'stages', value: stages || 'none' },
  ];
}

const PAGE_SCRIPT = `(function () {
  var charts = JSON.parse(document.getElementById('report-charts').textContent);
  var jobs = charts.map(function (c) {
    var el = document.getElementById(c.id);
    return vegaEmbed(el, c.spec, { actions: false, renderer: 'svg' }).then(function () {
      el.setAttribute('data-rendered', 'ok');
    }, function (err) {
      el.setAttribute('data-rendered', 'error');
      el.textContent = 'Chart "' + el.getAttribute('data-name') + '" failed to render: ' + err.message;
      console.error('chart ' + el.getAttribute('data-name') + ' failed: ' + err.message);
    });
  });
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th').forEach(function (th, col) {
      th.style.cursor = 'pointer';
      th.title = 'sort by this column';
      th.addEventListener('click', function () {
        var desc = th.getAttribute('data-sort') !== 'desc';
        table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('data-sort'); });
        th.setAttribute('data-sort', desc ? 'desc' : 'asc');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (r) { var t = r.cells[col].textContent; var n = parseFloat(t); return t === '\u2013' ? null : isNaN(n) ? t : n; };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === null || y === null) return (x === null) - (y === null);
          var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
          return desc ? -c : c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  window.reportReady = Promise.all(jobs).then(function () { document.body.setAttribute('data-rendered', 'done'); });
})();`;

const CSS = `body{font-family:system-ui,-apple-system,"Segoe UI","DejaVu Sans",sans-serif;margin:2rem auto;max-width:1400px;padding:0 1.5rem;color:#222}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}.subtitle{color:#666;margin-top:0}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}figure.chart{margin:0;min-width:200px;min-height:100px}
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.25rem .6rem;text-align:right}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}table.config td{text-align:left;font-family:monospace}
footer{color:#888;font-size:.8rem;margin:3rem 0 1rem}`;

function tableHtml(rows: TableRow[], cls: string): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const head = `<tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${cols.map((c) => `<td>${esc(formatCell(r[c]))}</td>`).join('')}</tr>`).join('');
  return `<table class="${cls}"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** Numbers: 4 decimals in [-1, 1] (scores, rates), integers as is, else 6 significant digits. */
export function formatCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) <= 1 ? v.toFixed(4) : String(Number(v.toPrecision(6)));
}

function flatten(obj: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(obj).flatMap(([k, v]): [string, string][] =>
    v && typeof v === 'object' && !Array.isArray(v) ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, JSON.stringify(v) ?? 'undefined']],
  );
}

/** Escape text for HTML element content and double-quoted attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a <script> element: no "</script", "<!--" or line separators can end or confuse it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** JavaScript source safe inside a <script> element ("</script" and "<!--" only occur in strings/regexes, where "\/" and "\!" read the same). */
export function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
