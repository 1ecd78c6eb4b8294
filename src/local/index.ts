/**
 * `babylon-mmcp/local`: the in-page model. {@link LocalBackend} (main thread) drives a module
 * worker that runs a model package with onnxruntime-web; the same runtime core
 * ({@link LocalRuntime}) runs in Node on onnxruntime-node. See `docs/local.md`.
 */
export { LocalRuntime, planWindows, type RuntimeGenerateInfo, type RuntimeGenerateOptions } from './runtime.js';
export { loadModelPackage, manifestUrlOf, verifyFile, packageJson, type ByteStore, type LoadPackageOptions, type LoadProgress, type ModelPackage, type ModelSource } from './package.js';
export { parseManifest, MODEL_FORMAT, type ModelManifest, type ManifestGraph, type FeatureRange } from './manifest.js';
export { capabilitiesFromManifest, modelSpecFromManifest, LOCAL_MAX_DURATION_SECONDS, LOCAL_MAX_NUM_SAMPLES } from './capabilities.js';
export { bindOrtModule, type OrtBinding, type OrtGraph, type FloatTensor, type OrtModuleLike, type OrtSessionLike } from './ort.js';
export { createNodeOrt, type NodeOrtOptions } from './ort-node.js';
export { createNodeRuntime, loadModelPackageFromDir } from './node.js';
export { fitTrajectory } from './trajectory.js';
export { sha256Hex } from './integrity.js';
export { LocalBackend, type LocalBackendOptions } from './local-backend.js';
export { warmUpRequests, type WarmUpOptions, type WarmUpReport } from './warm-up.js';
export type { LocalWorkerApi, WorkerLoadInfo, WorkerLoadRequest, TransferReport, Outcome } from './worker-api.js';
export type { ExecutionProviderChoice } from './ort-web.js';
export { indexedDbByteStore, clearModelCache, modelCacheKeys, MODEL_CACHE_DB, MODEL_CACHE_STORE } from './model-cache.js';
