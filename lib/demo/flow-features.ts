/** CICFlowMeter-like features computed from a simulated flow's packets (so they stay mutually consistent). */
import type { Cell } from './csv';
import type { Rng } from '../random';

/** A simulated bidirectional flow before feature extraction. */
export interface FlowSpec {
  /** Start, epoch ms. */
  t: number;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  /** 6 = TCP, 17 = UDP. */
  proto: 6 | 17;
  fwd: number;
  bwd: number;
  /** Draw one forward / backward payload-bearing packet length in bytes. */
  fwdLen: (r: Rng) => number;
  bwdLen: (r: Rng) => number;
  /** Flow duration in microseconds (0 gives Infinity/NaN rates, as CICFlowMeter does). */
  durationUs: number;
  flags: { syn: number; fin: number; rst: number; psh: number; ack: number };
  winFwd: number;
  winBwd: number;
  label: string;
}

export const FLOW_COLUMNS = [
  'Timestamp', 'Src IP', 'Src Port', 'Dst IP', 'Dst Port', 'Protocol', 'Flow Duration',
  'Total Fwd Packets', 'Total Backward Packets', 'Total Length of Fwd Packets', 'Total Length of Bwd Packets',
  'Fwd Packet Length Max', 'Fwd Packet Length Min', 'Fwd Packet Length Mean', 'Fwd Packet Length Std',
  'Bwd Packet Length Max', 'Bwd Packet Length Min', 'Bwd Packet Length Mean', 'Bwd Packet Length Std',
  'Flow Bytes/s', 'Flow Packets/s', 'Flow IAT Mean', 'Flow IAT Std', 'Flow IAT Max', 'Flow IAT Min',
  'Fwd Packets/s', 'Bwd Packets/s', 'Packet Length Mean', 'Packet Length Std',
  'FIN Flag Count', 'SYN Flag Count', 'RST Flag Count', 'PSH Flag Count', 'ACK Flag Count',
  'Down/Up Ratio', 'Average Packet Size', 'Init Fwd Win Bytes', 'Init Bwd Win Bytes', 'Label',
] as const;

function stats(xs: number[]): [number, number, number, number, number] {
  if (xs.length === 0) return [0, 0, 0, 0, 0];
  let sum = 0, max = -Infinity, min = Infinity;
  for (const x of xs) { sum += x; if (x > max) max = x; if (x < min) min = x; }
  const mean = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return [sum, max, min, mean, xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0];
}

const r4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x);

/** Draw packets for `f` and compute one CSV row in FLOW_COLUMNS order. */
export function flowRow(r: Rng, f: FlowSpec): Cell[] {
  const fl: number[] = [], bl: number[] = [];
  for (let i = 0; i < f.fwd; i++) fl.push(Math.max(0, Math.round(f.fwdLen(r))));
  for (let i = 0; i < f.bwd; i++) bl.push(Math.max(0, Math.round(f.bwdLen(r))));
  const n = f.fwd + f.bwd;
  const times: number[] = [0];
  for (let i = 1; i < n - 1; i++) times.push(r.next() * f.durationUs);
  if (n > 1) times.push(f.durationUs);
  times.sort((a, b) => a - b);
  const iat: number[] = [];
  for (let i = 1; i < times.length; i++) iat.push(Math.round(times[i] - times[i - 1]));
  const [fs, fmax, fmin, fmean, fstd] = stats(fl);
  const [bs, bmax, bmin, bmean, bstd] = stats(bl);
  const [, imax, imin, imean, istd] = stats(iat);
  const [, , , pmean, pstd] = stats([...fl, ...bl]);
  const sec = f.durationUs / 1e6;
  const rate = (x: number) => (sec > 0 ? x / sec : x > 0 ? Infinity : NaN);
  return [
    new Date(f.t).toISOString(), f.src, f.sport, f.dst, f.dport, f.proto, f.durationUs,
    f.fwd, f.bwd, fs, bs, fmax, fmin, r4(fmean), r4(fstd), bmax, bmin, r4(bmean), r4(bstd),
    r4(rate(fs + bs)), r4(rate(n)), r4(imean), r4(istd), imax, imin,
    r4(rate(f.fwd)), r4(rate(f.bwd)), r4(pmean), r4(pstd),
    f.flags.fin, f.flags.syn, f.flags.rst, f.flags.psh, f.flags.ack,
    f.fwd > 0 ? Math.floor(f.bwd / f.fwd) : 0, n > 0 ? r4((fs + bs) / n) : 0, f.winFwd, f.winBwd, f.label,
  ];
}
