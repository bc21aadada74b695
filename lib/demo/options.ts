/** Options of the synthetic demo data generator (`npm run demo-data`, config section "demo"). */
export interface DemoOptions {
  /** Seed of every random draw; same seed and options → identical bytes. Default 42. */
  seed: number;
  /** Output folder, repo-relative or absolute: empty, missing, or demo data made by this tool. Default `data/demo`. */
  out: string;
  sysmon: SysmonOptions;
  flows: FlowOptions;
}

/** Sysmon-like Windows event log: benign background plus campaigns APT1..APT6. */
export interface SysmonOptions {
  /** Number of raw files `dataset-1.csv … dataset-<files>.csv` (equal time slices, in time order; >= 6). Default 30. */
  files: number;
  /** Workstations WS01…; a domain controller DC01 and a file server FS01 are always added. Default 6. */
  workstations: number;
  /** Days covered by the log. Default 14. */
  days: number;
  /** First instant, ISO-8601 UTC (a Monday by default). Default `2024-03-04T00:00:00Z`. */
  start: string;
  /** Target total number of events (benign + attack), approximate. Default 200000. */
  events: number;
  /** Target share of attack events, split over the six campaigns. Default 0.03. */
  attack_share: number;
  /**
   * Inclusive file-number range per campaign, e.g. `{"APT1": [1, 8], …}`; every file of the
   * range may hold events of that campaign and no other. `null` = split `files` in proportion
   * 8:5:5:4:4:4 (for 30 files: APT1 1–8, APT2 9–13, APT3 14–18, APT4 19–22, APT5 23–26, APT6 27–30).
   */
  campaign_files: Record<string, [number, number]> | null;
}

/** CICFlowMeter-like network flows with attack bursts. */
export interface FlowOptions {
  /** Target number of flows (benign + attack). Default 50000. */
  rows: number;
  /** Days covered. Default 5. */
  days: number;
  /** First instant, ISO-8601 UTC. Default `2024-03-04T00:00:00Z`. */
  start: string;
  /** Target share of attack flows. Default 0.15. */
  attack_share: number;
  /** Number of attack bursts; classes are assigned round-robin so every class appears once `bursts` >= 6. Default 12. */
  bursts: number;
  /** Share of flows whose rate columns come out Infinity/NaN (zero-duration flows). Default 0.002. */
  inf_share: number;
}

/** Campaign names, in file order. */
export const CAMPAIGNS = ['APT1', 'APT2', 'APT3', 'APT4', 'APT5', 'APT6'] as const;
export type CampaignName = (typeof CAMPAIGNS)[number];

/** Flow class labels, CIC-IDS2017 style. */
export const FLOW_LABELS = ['BENIGN', 'DoS Hulk', 'DoS slowloris', 'DDoS', 'PortScan', 'SSH-Patator', 'FTP-Patator'] as const;
export type FlowLabel = (typeof FLOW_LABELS)[number];

/** Documented defaults (the "demo" config section layers over these). */
export const DEMO_DEFAULTS: DemoOptions = {
  seed: 42,
  out: 'data/demo',
  sysmon: {
    files: 30,
    workstations: 6,
    days: 14,
    start: '2024-03-04T00:00:00Z',
    events: 200000,
    attack_share: 0.03,
    campaign_files: null,
  },
  flows: {
    rows: 50000,
    days: 5,
    start: '2024-03-04T00:00:00Z',
    attack_share: 0.15,
    bursts: 12,
    inf_share: 0.002,
  },
};
