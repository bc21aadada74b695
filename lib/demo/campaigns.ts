/** Run the six campaigns, each inside the time window of its own file range. */
import { apt1, apt2, apt3, type Foothold } from './campaigns-a';
import { apt4, apt5, apt6 } from './campaigns-b';
import { beacons, makeKit, type Kit } from './campaign-kit';
import type { GenCtx } from './context';
import type { SysEvent } from './events';
import { CAMPAIGNS, type CampaignName } from './options';
import type { Rng } from '../random';
import type { World } from './world';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** Per campaign: script and the UTC hours its operators work (some by day, some by night). */
const SCRIPTS: Record<CampaignName, { run: (k: Kit) => Foothold; hours: number[] }> = {
  APT1: { run: apt1, hours: range(1, 6) },
  APT2: { run: apt2, hours: range(9, 17) },
  APT3: { run: apt3, hours: range(13, 22) },
  APT4: { run: apt4, hours: range(7, 12) },
  APT5: { run: apt5, hours: range(0, 23) },
  APT6: { run: apt6, hours: [...range(19, 23), 0, 1, 2] },
};

/**
 * Generate campaign `name` inside [w0, w1) with about `budget` events (kill chain first, then
 * beacons/tasking to fill). Every returned event has w0 <= t < w1.
 */
export function generateCampaign(rng: Rng, world: World, name: CampaignName, w0: number, w1: number, budget: number): SysEvent[] {
  const c: GenCtx = { rng, world, out: [] };
  const ws = world.workstations;
  const victim = ws[(CAMPAIGNS.indexOf(name) + rng.int(0, ws.length - 1)) % ws.length];
  const kit = makeKit(c, name, w0, w1, SCRIPTS[name].hours, victim);
  const foot = SCRIPTS[name].run(kit);
  const first = Math.min(...c.out.map((e) => e.t));
  beacons(kit, foot.implant, foot.c2, foot.port, Math.max(0, budget - c.out.length), Math.min(first + 60_000, w1 - 120_000));
  for (const e of c.out) e.t = Math.min(w1 - 1, Math.max(w0, e.t));
  return c.out;
}
