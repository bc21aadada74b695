/** The run layer: run folders every pipeline and CLI writes through (README, "Run folders"). */
export { UsageError, asUsage } from './errors';
export { Run, withRun, withoutMeta, CONFIG_FILE, type OpenRunOptions } from './run';
export { MANIFEST_FILE, effectiveStatus, readManifest, runStatus, type RunKind, type RunManifest, type RunStatus, type StageRecord } from './manifest';
export { checkRunDir, isInside, realPath } from './safety';
export { LOCK_FILE } from './lock';
export { commandLine, configHash, inputChanges, inputFacts, shellQuote } from './provenance';
export { defaultRunDir } from './paths';
