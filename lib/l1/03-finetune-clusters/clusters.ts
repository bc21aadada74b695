/**
 * En4 embeddings of a seeded sample of final windows → incremental PCA (16 components) → HDBSCAN (DBSCAN
 * when HDBSCAN finds no cluster) → cluster sizes and attack rate per cluster, for attack-family exploration.
 */
import { clusterEmbeddingRows, type ClusteredEmbeddings } from '../../cluster';
import { createRng, deriveSeed, sampleSorted } from '../../random';
import type { L1Config } from '../config';

export interface EmbeddingClusters extends ClusteredEmbeddings {
  /** Window indices (into all test windows) of the sample, ascending. */
  indices: Int32Array;
}

/** The final-split windows to embed: at most `clusters.sample`, seeded, ascending. */
export function clusterSample(valEnd: number, n: number, cfg: Pick<L1Config, 'clusters' | 'seed'>): Int32Array {
  const all = Array.from({ length: n - valEnd }, (_, i) => valEnd + i);
  return Int32Array.from(sampleSorted(all, cfg.clusters.sample, createRng(deriveSeed(cfg.seed, 'l1-clusters'))));
}

/** Cluster embeddings `[n, dims]` of the windows at `indices`; `attack` = any-in-window labels of those windows. */
export function clusterEmbeddings(embeddings: Float32Array, dims: number, indices: Int32Array, attack: Uint8Array, cfg: L1Config['clusters']): EmbeddingClusters {
  return { indices, ...clusterEmbeddingRows(embeddings, dims, attack, cfg) };
}
