import type { DemoManifest } from './generate';

const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(2)}%`;

/** Short human summary of a manifest (rows, attack share per campaign and per flow class). */
export function summarize(m: DemoManifest, seconds?: number): string {
  const s = m.sysmon;
  const lines = [
    `sysmon: ${s.rows} events in ${s.files.length} files, attacks ${s.attacks} (${pct(s.attacks, s.rows)})`,
    ...Object.entries(s.campaign_counts).map(([c, n]) => `  ${c}: ${n} events (${pct(n, s.rows)}) in files ${s.campaign_files[c][0]}-${s.campaign_files[c][1]}`),
    `flows: ${m.flows.rows} rows, ${m.flows.non_finite_rows} with Infinity/NaN rates`,
    ...Object.entries(m.flows.label_counts).map(([l, n]) => `  ${l}: ${n} (${pct(n, m.flows.rows)})`),
  ];
  if (seconds !== undefined) lines.push(`done in ${seconds.toFixed(1)} s`);
  return lines.join('\n');
}
