/**
 * The clip cache: generated clips (GLB + metadata) in IndexedDB, served instantly on repeat
 * requests. `withCache(backend, new ClipCache())` wraps any {@link MotionBackend}. No Babylon.
 * @packageDocumentation
 */
export { ClipCache } from './clip-cache.js';
export type { ClipCacheOptions, CacheHit, ExportedEntry, ImportOptions } from './clip-cache.js';
export { withCache } from './with-cache.js';
export type { WithCacheOptions, UnseededPolicy, CachePlan, CachedMotionBackend } from './with-cache.js';
export { idbCacheStore } from './idb-store.js';
export type { IdbCacheStoreOptions } from './idb-store.js';
export { memoryCacheStore } from './memory-store.js';
export { canonicalJson, canonicalNumber } from './canonical.js';
export { CACHE_SCHEMA_VERSION, cacheKey, cacheKeyMaterial, isSeeded, withoutSeeds, modelVersionOf, sha256Hex } from './key.js';
export type { CacheKeyInput } from './key.js';
export { isQuotaError } from './async.js';
export { buildEntryMeta, exportFileName, summariseSegments, summaryLine } from './metadata.js';
export type { CacheEntryMeta, CacheRecord, CacheStore, CacheWarning, CacheLogger, CacheStats, CacheSegmentSummary } from './types.js';
