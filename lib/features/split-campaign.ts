/**
 * Train / validation / test split of event rows by attack campaign (GRU-SAE's stage-1 rows), done
 * BEFORE anything is fitted so no statistic of validation or test data leaks into the encoders.
 *
 * - `campaign`: rows of the listed campaigns go to their split. Rows with no campaign (`_campaign`
 *   = "", i.e. files outside every campaign's range: benign background) go by time: the
 *   time-ordered campaign-less rows are cut at train_fraction / val_fraction (the rest to test), so
 *   every split gets background from its own stretch of time. Rows of a campaign in none of the
 *   lists are left out and counted.
 * - `time`: the time-ordered rows are cut at train_fraction / val_fraction; test is the rest.
 * - `auto`: `campaign` when every listed campaign is present in `_campaign`, else `time`.
 * Every split's indices come out in time order (stable: ties keep row order).
 */
import { fractionCuts } from './split';

export type SplitName = 'train' | 'val' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'val', 'test'];

/** The stage-1 columns the split needs, one entry per row. */
export interface SplitInput {
  time: Float64Array;
  label: ArrayLike<number>;
  campaign: readonly string[];
}

export interface SplitPart {
  rows: number;
  attacks: number;
  benign: number;
  /** Rows per campaign ("" = no campaign). */
  campaigns: Record<string, number>;
  time_min: number | null;
  time_max: number | null;
}

export interface SplitResult {
  strategy: 'campaign' | 'time';
  /** Why this strategy (auto resolution) and how campaign-less rows went. */
  notes: string[];
  indices: Record<SplitName, Int32Array>;
  summary: Record<SplitName, SplitPart> & { left_out: { rows: number; campaigns: Record<string, number> } };
}

/** The split settings (GRU-SAE's config `split` section; messages name its keys). */
export interface CampaignSplitOptions {
  /** 'campaign', 'time' or 'auto' (campaign when every listed campaign is present). */
  strategy: string;
  train_campaigns: string[];
  val_campaigns: string[];
  test_campaigns: string[];
  /** Leading fractions of the timeline for 'time' and for campaign-less rows. */
  train_fraction: number;
  val_fraction: number;
}

/** Split rows into train/val/test index arrays (time-ordered) with a summary for split.json. */
export function campaignSplit(input: SplitInput, opts: CampaignSplitOptions): SplitResult {
  const n = input.time.length;
  if (input.label.length !== n || input.campaign.length !== n) throw new Error(`campaignSplit: time, label and campaign lengths differ (${n}, ${input.label.length}, ${input.campaign.length})`);
  if (n === 0) throw new Error('campaignSplit: no rows to split (the stage-1 parquet is empty)');
  const { train_fraction: tf, val_fraction: vf } = opts;
  if (!(tf > 0 && vf > 0 && tf + vf < 1)) throw new Error(`split: need train_fraction > 0, val_fraction > 0 and their sum < 1, got ${tf}, ${vf}`);
  if (!['campaign', 'time', 'auto'].includes(opts.strategy)) throw new Error(`split.strategy must be "campaign", "time" or "auto", got "${opts.strategy}"`);
  const order = timeOrder(input.time);
  const present = campaignCounts(input.campaign);
  const listed = [...opts.train_campaigns, ...opts.val_campaigns, ...opts.test_campaigns];
  const missing = listed.filter((c) => !present.has(c));
  const notes: string[] = [];
  let strategy: 'campaign' | 'time';
  if (opts.strategy === 'auto') {
    strategy = listed.length > 0 && missing.length === 0 ? 'campaign' : 'time';
    notes.push(strategy === 'campaign'
      ? `auto: every listed campaign is present in _campaign → campaign split`
      : `auto: ${present.size === 0 ? 'no _campaign values' : `campaign(s) ${missing.join(', ')} absent (present: ${describe(present)})`} → time split`);
  } else strategy = opts.strategy as 'campaign' | 'time';
  const assign = strategy === 'campaign' ? campaignAssign(input, order, opts, present, missing, notes) : timeAssign(order, tf, vf);
  return finish(input, order, assign, strategy, notes, opts);
}

function timeOrder(time: Float64Array): Int32Array {
  const idx = Int32Array.from({ length: time.length }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < time.length && sorted; i++) if (!(time[i] >= time[i - 1])) sorted = false;
  if (sorted) return idx;
  for (let i = 0; i < time.length; i++) if (Number.isNaN(time[i])) throw new Error(`split: _time_ms is NaN at row ${i}; stage 1 must give every row a time`);
  return Int32Array.from(Array.from(idx).sort((a, b) => time[a] - time[b] || a - b));
}

function campaignCounts(campaign: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of campaign) if (c !== '') m.set(c, (m.get(c) ?? 0) + 1);
  return m;
}

function describe(m: Map<string, number>): string {
  return m.size ? [...m.entries()].map(([c, k]) => `${c} (${k} rows)`).join(', ') : 'none';
}

/** Split code per row: 0 train, 1 val, 2 test, -1 left out. */
function timeAssign(order: Int32Array, tf: number, vf: number): Int8Array {
  const code = new Int8Array(order.length);
  const [a, b] = fractionCuts(order.length, { train: tf, val: vf });
  for (let p = 0; p < order.length; p++) code[order[p]] = p < a ? 0 : p < b ? 1 : 2;
  return code;
}

function campaignAssign(input: SplitInput, order: Int32Array, opts: CampaignSplitOptions, present: Map<string, number>, missing: string[], notes: string[]): Int8Array {
  if (missing.length) throw new Error(`split: campaign(s) ${missing.join(', ')} listed in split.*_campaigns are not in the data; campaigns present: ${describe(present)}`);
  const of = new Map<string, number>();
  ([opts.train_campaigns, opts.val_campaigns, opts.test_campaigns] as string[][]).forEach((list, s) => {
    for (const c of list) {
      if (of.has(c)) throw new Error(`split: campaign ${c} is listed in more than one split`);
      of.set(c, s);
    }
  });
  const code = new Int8Array(input.time.length).fill(-1);
  const loose: number[] = [];
  for (const i of order) {
    const c = input.campaign[i];
    if (c === '') loose.push(i);
    else code[i] = of.get(c) ?? -1;
  }
  const [a, b] = fractionCuts(loose.length, { train: opts.train_fraction, val: opts.val_fraction });
  loose.forEach((i, p) => (code[i] = p < a ? 0 : p < b ? 1 : 2));
  if (loose.length) notes.push(`${loose.length} rows without a campaign split by time: first ${a} → train, next ${b - a} → val, last ${loose.length - b} → test`);
  return code;
}

function finish(input: SplitInput, order: Int32Array, code: Int8Array, strategy: 'campaign' | 'time', notes: string[], opts: CampaignSplitOptions): SplitResult {
  const lists: number[][] = [[], [], []];
  const leftOut: Record<string, number> = {};
  let leftRows = 0;
  for (const i of order) {
    if (code[i] >= 0) lists[code[i]].push(i);
    else {
      leftRows++;
      leftOut[input.campaign[i]] = (leftOut[input.campaign[i]] ?? 0) + 1;
    }
  }
  if (leftRows) notes.push(`${leftRows} rows of campaigns in no split list left out: ${Object.keys(leftOut).join(', ')}`);
  const indices = {} as Record<SplitName, Int32Array>;
  const summary = { left_out: { rows: leftRows, campaigns: leftOut } } as SplitResult['summary'];
  SPLITS.forEach((name, s) => {
    if (lists[s].length === 0) {
      const how = strategy === 'campaign' ? `campaigns [${opts[`${name}_campaigns`].join(', ')}] and no campaign-less rows` : `${input.time.length} rows at fractions ${opts.train_fraction}/${opts.val_fraction}`;
      throw new Error(`split: the ${name} split is empty (strategy ${strategy}: ${how}); use more data or change the split settings`);
    }
    indices[name] = Int32Array.from(lists[s]);
    summary[name] = partSummary(input, indices[name]);
  });
  return { strategy, notes, indices, summary };
}

function partSummary(input: SplitInput, idx: Int32Array): SplitPart {
  const campaigns: Record<string, number> = {};
  let attacks = 0;
  for (const i of idx) {
    if (input.label[i]) attacks++;
    campaigns[input.campaign[i]] = (campaigns[input.campaign[i]] ?? 0) + 1;
  }
  return { rows: idx.length, attacks, benign: idx.length - attacks, campaigns, time_min: input.time[idx[0]], time_max: input.time[idx[idx.length - 1]] };
}
