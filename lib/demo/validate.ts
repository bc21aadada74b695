import { CAMPAIGNS, type DemoOptions } from './options';

/** Default proportions of the file range given to APT1..APT6 (like the original 20:10:… split). */
const FILE_WEIGHTS = [8, 5, 5, 4, 4, 4];

function fail(key: string, msg: string): never {
  throw new Error(`demo option "${key}" ${msg}`);
}

function positiveInt(v: unknown, key: string, min = 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(key, `must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  return v;
}

function share(v: unknown, key: string, max: number): void {
  if (typeof v !== 'number' || !(v > 0 && v <= max)) fail(key, `must be a number in (0, ${max}], got ${JSON.stringify(v)}`);
}

function isoTime(v: unknown, key: string): number {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) fail(key, `must be an ISO-8601 time, got ${JSON.stringify(v)}`);
  return t;
}

/** Split files 1..n into six consecutive inclusive ranges in proportion to FILE_WEIGHTS (each >= 1 file). */
export function defaultCampaignFiles(files: number): Record<string, [number, number]> {
  const total = FILE_WEIGHTS.reduce((a, b) => a + b, 0);
  const out: Record<string, [number, number]> = {};
  let from = 1;
  CAMPAIGNS.forEach((name, i) => {
    const cum = FILE_WEIGHTS.slice(0, i + 1).reduce((a, b) => a + b, 0);
    const left = CAMPAIGNS.length - i - 1;
    const to = i === CAMPAIGNS.length - 1 ? files : Math.min(files - left, Math.max(from, Math.round((files * cum) / total)));
    out[name] = [from, to];
    from = to + 1;
  });
  return out;
}

/** Check a mapping: all six campaigns, ranges inside 1..files, no file shared by two campaigns. */
function checkCampaignFiles(map: unknown, files: number): Record<string, [number, number]> {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) fail('sysmon.campaign_files', 'must be an object like {"APT1": [1, 8], …} or null');
  const owner = new Map<number, string>();
  for (const key of Object.keys(map)) if (!(CAMPAIGNS as readonly string[]).includes(key)) fail(`sysmon.campaign_files.${key}`, `is not a campaign (known: ${CAMPAIGNS.join(', ')})`);
  const out: Record<string, [number, number]> = {};
  for (const name of CAMPAIGNS) {
    const r = (map as Record<string, unknown>)[name];
    const key = `sysmon.campaign_files.${name}`;
    if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => Number.isInteger(x))) fail(key, `must be an inclusive range [first, last] of file numbers, got ${JSON.stringify(r)}`);
    const [a, b] = r as [number, number];
    if (a < 1 || b > files || a > b) fail(key, `range [${a}, ${b}] must lie within 1..${files} with first <= last`);
    for (let f = a; f <= b; f++) {
      if (owner.has(f)) fail(key, `overlaps ${owner.get(f)} at file ${f} (each file holds at most one campaign)`);
      owner.set(f, name);
    }
    out[name] = [a, b];
  }
  return out;
}

/** Validate resolved options; returns the campaign→file mapping actually used. Errors name the key. */
export function validateDemoOptions(o: DemoOptions): Record<string, [number, number]> {
  positiveInt(o.seed, 'seed', 0);
  if (typeof o.out !== 'string' || o.out.trim() === '') fail('out', 'must be a non-empty path');
  const s = o.sysmon;
  positiveInt(s.files, 'sysmon.files', CAMPAIGNS.length);
  positiveInt(s.workstations, 'sysmon.workstations', 2);
  positiveInt(s.days, 'sysmon.days', 1);
  positiveInt(s.events, 'sysmon.events', 1000);
  isoTime(s.start, 'sysmon.start');
  share(s.attack_share, 'sysmon.attack_share', 0.3);
  const f = o.flows;
  positiveInt(f.rows, 'flows.rows', 100);
  positiveInt(f.days, 'flows.days', 1);
  positiveInt(f.bursts, 'flows.bursts', 1);
  isoTime(f.start, 'flows.start');
  share(f.attack_share, 'flows.attack_share', 0.5);
  if (typeof f.inf_share !== 'number' || f.inf_share < 0 || f.inf_share > 0.05) fail('flows.inf_share', `must be a number in [0, 0.05], got ${JSON.stringify(f.inf_share)}`);
  return s.campaign_files === null ? defaultCampaignFiles(s.files) : checkCampaignFiles(s.campaign_files, s.files);
}
