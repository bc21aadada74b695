/**
 * Cluster a sample of embeddings for attack-family exploration: incremental PCA to a few components,
 * HDBSCAN (DBSCAN with a picked eps when HDBSCAN finds no cluster), size and attack rate per cluster.
 * Shared by SmartNetGuard L1 (En4 embeddings) and GRU-SAE stage 5 (latent vectors).
 */
import { dbscan } from './dbscan';
import { estimateEps } from './eps';
import { hdbscan } from './hdbscan';
import { IncrementalPCA } from './ipca';
import { clusterSummary, type ClusterRow } from './summary';

export interface EmbeddingClusterOptions {
  /** Components kept by the PCA step (capped at the embedding width and the sample size). */
  pca_components: number;
  /** HDBSCAN's smallest cluster (capped at half the sample). */
  min_cluster_size: number;
  /** null = min_cluster_size. */
  min_samples: number | null;
}

export interface ClusteredEmbeddings {
  labels: Int32Array;
  /** The sample in PCA space `[n, components]`, row-major. */
  projected: Float64Array;
  components: number;
  method: 'hdbscan' | 'dbscan';
  /** One row per cluster, noise (−1) first: size, share, attack rate. */
  stats: ClusterRow[];
  /** Share of the embeddings' variance the PCA step keeps. */
  explainedVariance: number;
}

/** Cluster `embeddings` `[n, dims]` (row-major); `attack` = 0/1 per row for the attack rates (null: none). */
export function clusterEmbeddingRows(embeddings: Float32Array | Float64Array, dims: number, attack: Uint8Array | null, opts: EmbeddingClusterOptions): ClusteredEmbeddings {
  const n = embeddings.length / dims;
  if (!(Number.isInteger(n) && n >= 2)) throw new Error(`clusterEmbeddingRows: need ≥ 2 rows of ${dims} values, got ${embeddings.length} values`);
  const components = Math.min(opts.pca_components, dims, n);
  const pca = new IncrementalPCA({ nComponents: components, batchSize: Math.max(components * 5, 256) });
  pca.fit(embeddings, dims);
  const projected = pca.transform(embeddings, dims);
  const minClusterSize = Math.min(opts.min_cluster_size, Math.max(2, Math.floor(n / 2)));
  const minSamples = Math.min(opts.min_samples ?? minClusterSize, n - 1);
  let method: ClusteredEmbeddings['method'] = 'hdbscan';
  let labels = hdbscan(projected, { dims: components, minClusterSize, minSamples }).labels;
  if (!labels.some((l) => l >= 0)) {
    method = 'dbscan';
    labels = dbscan(projected, { dims: components, eps: estimateEps(projected, { dims: components, minSamples }), minSamples }).labels;
  }
  const explainedVariance = Array.from(pca.explainedVarianceRatio).reduce((a, b) => a + b, 0);
  return { labels, projected, components, method, stats: clusterSummary(labels, attack), explainedVariance };
}
