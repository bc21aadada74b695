/** Network flows over `days`: benign traffic with a daily rhythm plus attack bursts, in time order. */
import type { Cell } from './csv';
import { flowRow, type FlowSpec } from './flow-features';
import { NET, attackFlow, benignFlow, type Burst } from './flow-kinds';
import { userRhythm } from './benign';
import { FLOW_LABELS, type FlowOptions } from './options';
import type { Rng } from '../random';

const HOUR = 3_600_000;
const ATTACKS = FLOW_LABELS.slice(1);
/** Relative flow volume per attack class (floods are big, brute force small). */
const CLASS_WEIGHT: Record<string, number> = { 'DoS Hulk': 3, 'DoS slowloris': 1, DDoS: 3, PortScan: 2, 'SSH-Patator': 1, 'FTP-Patator': 1 };

export interface BurstInfo {
  label: string;
  start: string;
  minutes: number;
  flows: number;
}

/** Generate flows as CSV rows (FLOW_COLUMNS order, sorted by timestamp) and the burst list. */
export function generateFlows(rng: Rng, o: FlowOptions): { rows: Cell[][]; bursts: BurstInfo[] } {
  const start = Date.parse(o.start);
  const hours = o.days * 24;
  const specs: FlowSpec[] = [];
  const nAttack = Math.round(o.rows * o.attack_share);
  const br = rng.fork('benign-flows');
  const w = Array.from({ length: hours }, (_, i) => 0.25 + userRhythm(start + i * HOUR));
  const total = w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < hours; i++) {
    const n = br.poisson(((o.rows - nAttack) * w[i]) / total);
    for (let k = 0; k < n; k++) specs.push(benignFlow(br, { t: start + i * HOUR + Math.floor(br.next() * HOUR), label: 'BENIGN' }));
  }
  const ar = rng.fork('attack-flows');
  // Round-robin over classes so every class appears once bursts >= 6, in a seeded random order.
  // Burst i starts inside the i-th of `bursts` equal time slots, so every stretch of the time
  // range (and so every time-ordered split) holds attacks.
  const labels = ar.shuffle(Array.from({ length: o.bursts }, (_, i) => ATTACKS[i % ATTACKS.length]));
  const slot = (o.days * 24 * HOUR) / o.bursts;
  const weights = labels.map((l) => CLASS_WEIGHT[l] * ar.uniform(0.6, 1.4));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const bursts: BurstInfo[] = [];
  labels.forEach((label, i) => {
    const flows = Math.max(5, Math.round((nAttack * weights[i]) / wsum));
    const minutes = ar.int(label === 'PortScan' ? 3 : 10, label === 'DDoS' ? 25 : 60);
    const t0 = start + Math.floor(i * slot + ar.next() * Math.max(0, slot - minutes * 60_000));
    const bsrc = label === 'DDoS' ? Array.from({ length: 40 }, () => ar.choice(NET.external)) : label === 'PortScan' && ar.bool(0.5) ? [ar.choice(NET.clients)] : [ar.choice(NET.external)];
    const burst: Burst = { label, src: bsrc, target: ar.choice([NET.web, NET.files, ...NET.clients.slice(0, 3)]) };
    for (let k = 0; k < flows; k++) specs.push(attackFlow(ar, { t: t0 + Math.floor(ar.next() * minutes * 60_000), label }, burst));
    bursts.push({ label, start: new Date(t0).toISOString(), minutes, flows });
  });
  const fr = rng.fork('packets');
  for (const s of specs) {
    if (fr.bool(o.inf_share)) {
      // Single-packet flows with zero duration: CICFlowMeter writes Infinity / NaN rates for these.
      s.durationUs = 0;
      s.fwd = 1;
      s.bwd = fr.bool(0.3) ? 1 : 0;
    }
  }
  specs.sort((a, b) => a.t - b.t);
  return { rows: specs.map((s) => flowRow(fr, s)), bursts };
}
