/** Types shared by the clip cache's parts (no I/O). */
import type { GenerateRequest } from '../protocol/types.js';

/** One segment of a cached request, summarised for a library view. */
export interface CacheSegmentSummary {
  type: string;
  prompt?: string;
  frames?: number;
}

/** What a library view shows about one cached clip (stored apart from the bytes). */
export interface CacheEntryMeta {
  /** The cache key (64 hex characters). */
  key: string;
  /** {@link CACHE_SCHEMA_VERSION} the entry was written with. */
  schema: number;
  /** `Date.now()` when stored. */
  created: number;
  /** `Date.now()` when last served or stored (drives least-recently-used eviction). */
  lastUsed: number;
  /** Size of the GLB bytes. */
  size: number;
  /** Backend that generated it ({@link MotionBackend.id}); `import` for imported files without one. */
  backendId: string;
  /** Model id. */
  model: string;
  /** Model version used in the key. */
  modelVersion: string;
  /** One line for people: `"walk forward" 2.0 s → "wave" 1.0 s`. */
  summary: string;
  segments: CacheSegmentSummary[];
  /** Frames of the first sample. */
  frames: number;
  fps: number;
  /** `frames / fps`. */
  seconds: number;
  /** Number of samples (animations) in the document. */
  samples: number;
  /** Request id of the generation that produced it. */
  requestId?: string;
  /** Whether the request was seeded (reproducible). */
  seeded: boolean;
  /** `generated` by a backend or `imported` from a file. */
  source: 'generated' | 'imported';
}

/** A stored entry: metadata, GLB bytes and (when known) the request that produced it. */
export interface CacheRecord {
  meta: CacheEntryMeta;
  bytes: Uint8Array;
  request?: GenerateRequest;
}

/**
 * Where entries live. The default is IndexedDB ({@link idbCacheStore}); tests and tools may
 * inject another (e.g. {@link memoryCacheStore}) or wrap one to simulate failures.
 */
export interface CacheStore {
  /** The full record, or undefined. */
  read(key: string): Promise<CacheRecord | undefined>;
  /** Whether an entry exists, without reading its bytes (optional; `read` is used otherwise). */
  has?(key: string): Promise<boolean>;
  /** Writes record and metadata (atomically where the store can). May throw `QuotaExceededError`. */
  write(record: CacheRecord): Promise<void>;
  /** Updates `lastUsed` of the metadata (no-op when the entry is gone). */
  touch(key: string, lastUsed: number): Promise<void>;
  /** Removes entries (missing keys are ignored). */
  remove(keys: string[]): Promise<void>;
  /** All metadata, in no particular order, without loading the bytes. */
  listMeta(): Promise<CacheEntryMeta[]>;
  /** Removes everything. */
  clear(): Promise<void>;
}

/** A recoverable problem the cache worked around; the generated clip is never lost. */
export interface CacheWarning {
  code: 'quota_exceeded' | 'store_failed' | 'lookup_failed' | 'corrupt_entry' | 'entry_too_large' | 'timeout' | 'lock_unavailable' | 'capabilities_failed' | 'cache_unavailable';
  message: string;
  key?: string;
  cause?: unknown;
}

/** Where warnings go besides {@link ClipCache.onWarning} listeners. */
export interface CacheLogger {
  warn(message: string, warning: CacheWarning): void;
}

/** Counters since the cache object was created, plus what is stored now. */
export interface CacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  evictions: number;
  /** Entries found unparseable and removed. */
  corrupt: number;
  /** Writes that failed (the clip was still returned). */
  storeFailures: number;
  /** The byte budget in force (min of `maxBytes` and the quota share). */
  budgetBytes: number;
}
