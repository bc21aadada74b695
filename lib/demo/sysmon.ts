/** The Sysmon-like log: benign background plus campaigns, sorted and split into numbered files. */
import { generateBenign } from './benign';
import { generateCampaign } from './campaigns';
import type { SysEvent } from './events';
import { CAMPAIGNS, type SysmonOptions } from './options';
import type { Rng } from '../random';
import { buildWorld } from './world';

const DAY = 86_400_000;

export interface SysmonLog {
  /** `files[i]` holds the events of `dataset-<i+1>.csv`, in time order. */
  files: SysEvent[][];
  /** File boundaries in epoch ms: file i covers [edges[i], edges[i+1]). */
  edges: number[];
}

/** Time window [w0, w1) of files first..last (1-based, inclusive), with a margin from the edges. */
function windowOf(edges: number[], first: number, last: number): [number, number] {
  const w0 = edges[first - 1];
  const w1 = edges[last];
  const margin = Math.min(30 * 60_000, Math.floor((w1 - w0) * 0.02));
  return [w0 + margin, w1 - margin];
}

/** Generate the whole log; `mapping` gives each campaign its inclusive file range. Pure given `rng`. */
export function generateSysmon(rng: Rng, o: SysmonOptions, mapping: Record<string, [number, number]>): SysmonLog {
  const world = buildWorld(o.workstations);
  const start = Date.parse(o.start);
  const span = o.days * DAY;
  const edges = Array.from({ length: o.files + 1 }, (_, i) => start + Math.round((i * span) / o.files));
  const benign: SysEvent[] = [];
  generateBenign({ rng: rng.fork('benign'), world, out: benign }, start, o.days, Math.round(o.events * (1 - o.attack_share)));
  const perCampaign = (benign.length * o.attack_share) / (1 - o.attack_share) / CAMPAIGNS.length;
  const all = benign;
  for (const name of CAMPAIGNS) {
    const r = rng.fork(name);
    const [w0, w1] = windowOf(edges, mapping[name][0], mapping[name][1]);
    const budget = Math.round(perCampaign * r.uniform(0.7, 1.3));
    for (const e of generateCampaign(r, world, name, w0, w1, budget)) all.push(e);
  }
  all.sort((a, b) => a.t - b.t); // stable: ties keep generation order, so output is deterministic
  const files: SysEvent[][] = edges.slice(1).map(() => []);
  let f = 0;
  for (const e of all) {
    while (f < o.files - 1 && e.t >= edges[f + 1]) f++;
    files[f].push(e);
  }
  return { files, edges };
}
