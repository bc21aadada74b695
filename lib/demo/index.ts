/** Deterministic synthetic demo data: Sysmon-like event log with campaigns APT1..APT6, and CIC-style flows. */
export { generateDemoData, withDefaults, type DemoManifest, type FileEntry } from './generate';
export { ensureDemoData } from './ensure';
export { DEMO_DEFAULTS, CAMPAIGNS, FLOW_LABELS, type DemoOptions, type SysmonOptions, type FlowOptions } from './options';
export { validateDemoOptions, defaultCampaignFiles } from './validate';
export { SYSMON_COLUMNS } from './sysmon-csv';
export { FLOW_COLUMNS } from './flow-features';
export { createRng, deriveSeed, type Rng } from '../random';
export { formatCsv, csvField } from './csv';
export { summarize } from './summary';
export { syntheticScoreTrace, type ScoreTrace, type ScoreTraceOptions } from './score-trace';
