/**
 * Feature transforms shared by every pipeline (GRU-SAE, NIDS, SmartNetGuard L1, the quickstart):
 * each is fitted on training rows only, and each fitted state is plain data with an exact
 * `…ToJSON` / `…FromJSON` pair, so it can be saved with a detector and loaded back bit for bit.
 */
export { fitStandardScaler, fitStandardScalerColumns, scalerFromJSON, scalerToJSON, standardScore, transformStandard, type StandardScaler, type StandardScalerJson } from './scaler';
export { prepareNumeric, signedLog1p } from './numeric';
export { fitOneHot, oneHotCodes, oneHotFromJSON, oneHotNames, oneHotToJSON, UNKNOWN_CATEGORY, type OneHotOptions } from './onehot';
export { fitTfidf, tfidfDistinct, tfidfFromJSON, tfidfToJSON, tokenize, tokenRegex, transformTfidf, type TfidfFitOptions, type TfidfModel, type TfidfModelJson } from './tfidf';
export { csrColumnMoments, csrMulDense, csrTMulDense, hstackCsr, scaleRows, validateCsr, type Csr } from './csr';
export { fitRandomizedSvd, svdFromJSON, svdToJSON, svdTransform, type SvdModel, type SvdModelJson, type SvdOptions } from './svd';
export { spanBasis, spanResidual, type SpanBasis } from './svd-span';
export { planWindows, randomStarts, sampleBlocks, selectWindows, startRange, windowBytes, windowCount, windowLabels, type WindowLabels, type WindowOptions, type WindowPlan } from './windows';
export { gatherWindows, materializeWindows, seriesPrefix, seriesRows, summariseSeriesWindows, type Series, type SeriesPrefix } from './windows-gather';
export { checkFractions, checkNonEmpty, fractionCuts, timeSplit, timeSplitIndices, type SplitCheckOptions, type SplitFractions, type SplitIndices, type TimeSplit } from './split';
export { campaignSplit, SPLITS, type CampaignSplitOptions, type SplitInput, type SplitName, type SplitPart, type SplitResult } from './split-campaign';
export { capPerClass, oversamplePerClass, rowsByClass, stratifiedSplit } from './split-stratified';
export { describe as describeJson, float64FromJSON, float64ToJSON, type Float64Json } from './json';
