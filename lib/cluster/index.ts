/**
 * Clustering for exploring attack families in window embeddings: incremental PCA → HDBSCAN (DBSCAN
 * as a fallback, with an eps picker) → per-cluster size and attack rate.
 */
export { hdbscan, type HdbscanOptions, type HdbscanResult } from './hdbscan';
export type { SelectionMethod } from './select';
export { dbscan, type DbscanOptions, type DbscanResult } from './dbscan';
export { estimateEps, kDistances, kneeIndex, type EpsOptions } from './eps';
export { IncrementalPCA, genBatches, ipcaStep, type IpcaOptions, type IpcaState } from './ipca';
export { clusterSummary, type ClusterRow } from './summary';
export { clusterEmbeddingRows, type ClusteredEmbeddings, type EmbeddingClusterOptions } from './embeddings';
export type { Points } from './points';
