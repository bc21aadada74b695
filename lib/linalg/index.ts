/**
 * Dense linear algebra shared by the randomized SVD (lib/features/svd), incremental PCA
 * (lib/cluster/ipca), the PCA detector (lib/baselines/pca) and the clustering screen: symmetric
 * eigen-decomposition (QL, with Jacobi as the slow reference), one-sided Jacobi SVD of a few
 * columns, Gram–Schmidt, layout changes and small kernels. Pure TS, Float64Array throughout.
 */
export { symmetricEigen, type SymmetricEigen, type EigenMethod } from './eigen';
export { householderQl } from './eigen-ql';
export { jacobiSvdColumns } from './svd-jacobi';
export { dot, flipRowSigns, fromColumns, gram, orthonormalize, toColumns } from './dense';
