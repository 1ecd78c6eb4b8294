/**
 * The clip cache: GLB responses plus library metadata in a {@link CacheStore} (IndexedDB by
 * default), under a byte budget with least-recently-used eviction. Never loses a clip: every
 * storage failure becomes a warning, never an error of the generation.
 */
import type { GenerateRequest } from '../protocol/types.js';
import type { MotionDocument } from '../motion/types.js';
import { MmcpError } from '../protocol/errors.js';
import { parseDocument } from './codec.js';
import { CacheTimeoutError, isQuotaError, withTimeout } from './async.js';
import { CACHE_SCHEMA_VERSION, cacheKey, isSeeded, sha256Hex } from './key.js';
import { buildEntryMeta, exportFileName } from './metadata.js';
import { idbCacheStore } from './idb-store.js';
import type { CacheEntryMeta, CacheLogger, CacheRecord, CacheStats, CacheStore, CacheWarning } from './types.js';

/** Options of {@link ClipCache}. */
export interface ClipCacheOptions {
  /** Where entries live (default: {@link idbCacheStore} on database `babylon-mmcp-cache`). */
  store?: CacheStore;
  /** Byte budget for all entries (default 100 MB). */
  maxBytes?: number;
  /** Never use more than this share of the free storage quota from `navigator.storage.estimate()` (default 0.5). */
  quotaFraction?: number;
  /** Where warnings are logged besides {@link ClipCache.onWarning}; `null` for silence (default `console`). */
  logger?: CacheLogger | null;
  /** Parses and checks stored bytes (default: the motion codec's `parseMotionDocument`). */
  parse?: (bytes: Uint8Array) => MotionDocument;
  /** Deadline for a lookup; past it the lookup counts as a miss (default 3000 ms). */
  lookupTimeoutMs?: number;
  /** Deadline for storing an entry, eviction included; past it the clip is returned uncached (default 10000 ms). */
  storeTimeoutMs?: number;
  /** Storage estimate (default `navigator.storage.estimate()` where available). */
  estimate?: () => Promise<{ quota?: number; usage?: number } | undefined>;
  /** Clock (default `Date.now`). */
  now?: () => number;
}

/** A parse-checked cache entry, ready to serve. */
export interface CacheHit {
  record: CacheRecord;
  document: MotionDocument;
  /** Milliseconds spent reading and parsing. */
  readMs: number;
  parseMs: number;
}

/** An entry exported as a file. */
export interface ExportedEntry {
  bytes: Uint8Array;
  /** A `model/gltf-binary` Blob of the bytes (where `Blob` exists). */
  blob: Blob | undefined;
  /** Suggested file name (`<prompt-slug>-<key8>.glb`). */
  filename: string;
  meta: CacheEntryMeta;
}

/** Options of {@link ClipCache.importGlb}. */
export interface ImportOptions {
  /** The request the file answers; with `backendId` and `modelVersion` the entry is served to that request. */
  request?: GenerateRequest;
  backendId?: string;
  modelVersion?: string;
  requestId?: string;
}

const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
const ESTIMATE_TTL_MS = 30_000;

const defaultEstimate = async (): Promise<{ quota?: number; usage?: number } | undefined> => {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  return storage?.estimate ? storage.estimate() : undefined;
};

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * A persistent store of generated clips (GLB bytes + metadata), with least-recently-used
 * eviction under a byte budget. Use it through {@link withCache}; its other methods serve tools
 * (library views, export/import).
 */
export class ClipCache {
  /** The store in use. */
  readonly store: CacheStore;
  private readonly maxBytes: number;
  private readonly quotaFraction: number;
  private readonly logger: CacheLogger | null;
  private readonly parse: (bytes: Uint8Array) => MotionDocument;
  private readonly lookupTimeoutMs: number;
  private readonly storeTimeoutMs: number;
  private readonly estimate: () => Promise<{ quota?: number; usage?: number } | undefined>;
  private readonly clock: () => number;
  private readonly listeners = new Set<(w: CacheWarning) => void>();
  private estimateCache: { at: number; quota?: number; usage?: number } | undefined;
  private lastBudget: number;
  private readonly pending = new Set<Promise<unknown>>();
  private lastTick = 0;
  private counters = { hits: 0, misses: 0, evictions: 0, corrupt: 0, storeFailures: 0 };

  constructor(options: ClipCacheOptions = {}) {
    this.store = options.store ?? idbCacheStore();
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (!(this.maxBytes >= 0)) throw new MmcpError('invalid_options', `ClipCache maxBytes must be a number ≥ 0, got ${String(options.maxBytes)}.`, { phase: 'cache' });
    this.quotaFraction = options.quotaFraction ?? 0.5;
    if (!(this.quotaFraction > 0 && this.quotaFraction <= 1)) throw new MmcpError('invalid_options', `ClipCache quotaFraction must be in (0, 1], got ${String(options.quotaFraction)}.`, { phase: 'cache' });
    this.logger = options.logger === undefined ? { warn: (m, w) => console.warn(`[babylon-mmcp cache] ${m}`, w.cause ?? '') } : options.logger;
    this.parse = options.parse ?? parseDocument;
    this.lookupTimeoutMs = options.lookupTimeoutMs ?? 3000;
    this.storeTimeoutMs = options.storeTimeoutMs ?? 10_000;
    this.estimate = options.estimate ?? defaultEstimate;
    this.clock = options.now ?? Date.now;
    this.lastBudget = this.maxBytes;
  }

  /** Listens to warnings (quota, corrupt entries, timeouts, …). Returns a function that stops listening. */
  onWarning(listener: (warning: CacheWarning) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reports a warning to the logger and every listener (listener errors are swallowed). */
  warn(warning: CacheWarning): void {
    this.logger?.warn(warning.message, warning);
    for (const l of this.listeners) {
      try {
        l(warning);
      } catch {
        // A broken listener must not break caching.
      }
    }
  }

  /**
   * Reads and parse-checks an entry. A missing, stale-schema or unparseable entry gives
   * `undefined`; unparseable ones are removed (and warned about) so they are regenerated.
   * A hit refreshes the entry's `lastUsed`. Does not count hits or misses.
   */
  async lookup(key: string): Promise<CacheHit | undefined> {
    const t0 = now();
    let record: CacheRecord | undefined;
    try {
      record = await withTimeout(this.store.read(key), this.lookupTimeoutMs, 'cache lookup');
    } catch (e) {
      this.warn({ code: e instanceof CacheTimeoutError ? 'timeout' : 'lookup_failed', message: `Cache lookup failed (${describe(e)}); generating instead.`, key, cause: e });
      return undefined;
    }
    const t1 = now();
    if (!record) return undefined;
    let document: MotionDocument;
    try {
      if (record.meta?.schema !== CACHE_SCHEMA_VERSION) throw new Error(`schema ${String(record.meta?.schema)} ≠ ${CACHE_SCHEMA_VERSION}`);
      if (!(record.bytes instanceof Uint8Array)) throw new Error('bytes missing');
      document = this.parse(record.bytes);
      if (document.clips.length === 0) throw new Error('no clips');
    } catch (e) {
      this.counters.corrupt++;
      this.warn({ code: 'corrupt_entry', message: `Cached clip ${key.slice(0, 8)} is unreadable (${describe(e)}); removed, it will be regenerated.`, key, cause: e });
      this.track(this.store.remove([key]));
      return undefined;
    }
    const t2 = now();
    this.track(this.store.touch(key, this.now()));
    return { record, document, readMs: t1 - t0, parseMs: t2 - t1 };
  }

  /**
   * The cache's clock for `created`/`lastUsed`: the injected clock, made strictly increasing
   * within this object so two uses in the same millisecond still have an order.
   */
  now(): number {
    const t = this.clock();
    this.lastTick = t > this.lastTick ? t : this.lastTick + 1e-3;
    return this.lastTick;
  }

  /** Whether an entry exists (cheap: no bytes are read where the store supports it). */
  async has(key: string): Promise<boolean> {
    try {
      const check = this.store.has ? this.store.has(key) : this.store.read(key).then((r) => r !== undefined);
      return await withTimeout(check, this.lookupTimeoutMs, 'cache lookup');
    } catch {
      return false;
    }
  }

  /** Counts a request served from the cache (used by {@link withCache}). */
  noteHit(): void {
    this.counters.hits++;
  }

  /** Counts a request that had to be generated (used by {@link withCache}). */
  noteMiss(): void {
    this.counters.misses++;
  }

  /**
   * Stores an entry within the budget: evicts least-recently-used entries first; on a
   * `QuotaExceededError` evicts more and retries once. Returns whether it was stored; failures
   * are warnings, never exceptions.
   */
  async put(record: CacheRecord): Promise<boolean> {
    try {
      return await withTimeout(this.putInner(record), this.storeTimeoutMs, 'storing the clip');
    } catch (e) {
      this.counters.storeFailures++;
      this.warn({ code: e instanceof CacheTimeoutError ? 'timeout' : 'store_failed', message: `Could not cache the clip (${describe(e)}); it was returned uncached.`, key: record.meta.key, cause: e });
      return false;
    }
  }

  private async putInner(record: CacheRecord): Promise<boolean> {
    const key = record.meta.key;
    const size = record.bytes.byteLength;
    const metas = await this.store.listMeta();
    const others = metas.filter((m) => m.key !== key).sort((a, b) => a.lastUsed - b.lastUsed);
    const used = others.reduce((s, m) => s + m.size, 0);
    const budget = await this.budget(metas.reduce((s, m) => s + m.size, 0));
    if (size > budget) {
      this.counters.storeFailures++;
      this.warn({ code: 'entry_too_large', message: `Clip of ${size} bytes exceeds the cache budget of ${budget} bytes; returned uncached. Raise maxBytes to cache it.`, key });
      return false;
    }
    let excess = used + size - budget;
    const victims: string[] = [];
    while (excess > 0 && others.length > 0) {
      const v = others.shift()!;
      victims.push(v.key);
      excess -= v.size;
    }
    await this.evict(victims);
    try {
      await this.store.write(record);
      return true;
    } catch (e) {
      if (!isQuotaError(e)) throw e;
      // The browser says the disk is full: free at least this clip's size (at least one entry), retry once.
      const more: string[] = [];
      for (let freed = 0; others.length > 0 && (freed < size || more.length === 0); ) {
        const v = others.shift()!;
        more.push(v.key);
        freed += v.size;
      }
      await this.evict(more);
      try {
        await this.store.write(record);
        return true;
      } catch (e2) {
        if (!isQuotaError(e2)) throw e2;
        this.counters.storeFailures++;
        this.warn({ code: 'quota_exceeded', message: `Storage quota exceeded even after evicting ${more.length} entr${more.length === 1 ? 'y' : 'ies'}; the clip was returned uncached. Free browser storage or lower maxBytes.`, key, cause: e2 });
        return false;
      }
    }
  }

  private async evict(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.store.remove(keys);
    this.counters.evictions += keys.length;
  }

  /** The byte budget: `maxBytes`, lowered to what is stored plus `quotaFraction` of the free quota. */
  private async budget(stored: number): Promise<number> {
    let est = this.estimateCache;
    if (!est || this.clock() - est.at > ESTIMATE_TTL_MS) {
      try {
        const e = await withTimeout(this.estimate(), 1000, 'storage estimate');
        est = { at: this.clock(), ...(e ?? {}) };
      } catch {
        est = { at: this.clock() };
      }
      this.estimateCache = est;
    }
    let budget = this.maxBytes;
    if (typeof est.quota === 'number' && typeof est.usage === 'number' && est.quota > 0) {
      budget = Math.min(budget, stored + this.quotaFraction * Math.max(0, est.quota - est.usage));
    }
    this.lastBudget = Math.floor(budget);
    return this.lastBudget;
  }

  /** Waits for background writes (lastUsed refreshes, removals of corrupt entries). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(p: Promise<unknown>): void {
    const guarded = withTimeout(p, this.storeTimeoutMs, 'cache bookkeeping').catch((e: unknown) => {
      this.warn({ code: e instanceof CacheTimeoutError ? 'timeout' : 'store_failed', message: `Cache bookkeeping failed (${describe(e)}).`, cause: e });
    });
    this.pending.add(guarded);
    void guarded.finally(() => this.pending.delete(guarded));
  }

  /** All entries' metadata, most recently used first. */
  async list(): Promise<CacheEntryMeta[]> {
    const metas = await withTimeout(this.store.listMeta(), this.lookupTimeoutMs, 'listing the cache');
    return metas.sort((a, b) => b.lastUsed - a.lastUsed);
  }

  /** One stored entry as is (not parse-checked, `lastUsed` unchanged), or undefined. */
  get(key: string): Promise<CacheRecord | undefined> {
    return withTimeout(this.store.read(key), this.lookupTimeoutMs, 'reading a cache entry');
  }

  /** Removes one entry. */
  delete(key: string): Promise<void> {
    return withTimeout(this.store.remove([key]), this.storeTimeoutMs, 'deleting a cache entry');
  }

  /** Removes every entry (counters are kept). */
  clear(): Promise<void> {
    return withTimeout(this.store.clear(), this.storeTimeoutMs, 'clearing the cache');
  }

  /** Entry count and bytes now, plus counters since this object was created. */
  async stats(): Promise<CacheStats> {
    const metas = await withTimeout(this.store.listMeta(), this.lookupTimeoutMs, 'listing the cache');
    const bytes = metas.reduce((s, m) => s + m.size, 0);
    return { entries: metas.length, bytes, ...this.counters, budgetBytes: await this.budget(bytes) };
  }

  /** An entry as a `.glb` file (bytes, Blob and a suggested name), or undefined when absent. */
  async exportEntry(key: string): Promise<ExportedEntry | undefined> {
    const r = await this.get(key);
    if (!r) return undefined;
    const blob = typeof Blob === 'function' ? new Blob([r.bytes as Uint8Array<ArrayBuffer>], { type: 'model/gltf-binary' }) : undefined;
    return { bytes: r.bytes, blob, filename: exportFileName(r.meta), meta: r.meta };
  }

  /**
   * Stores a `.glb` motion document (parse-checked first; a bad file throws the codec's typed
   * error and stores nothing). With `request`, `backendId` and `modelVersion` the entry answers
   * that request like a generated one; otherwise it is keyed by the file's SHA-256 and only
   * listed/exported. Throws when the entry could not be stored.
   */
  async importGlb(bytes: Uint8Array | ArrayBuffer, options: ImportOptions = {}): Promise<CacheEntryMeta> {
    const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    const document = this.parse(u8);
    const { request, backendId, modelVersion } = options;
    let key: string;
    if (request && backendId && modelVersion) {
      key = await cacheKey({ backendId, model: request.model, modelVersion, request, anySample: !isSeeded(request) });
    } else {
      key = await sha256Hex(u8);
    }
    const meta = buildEntryMeta({ key, bytes: u8, document, request, backendId: backendId ?? 'import', modelVersion: modelVersion ?? 'unknown', requestId: options.requestId, source: 'imported', now: this.now() });
    const record: CacheRecord = request ? { meta, bytes: u8, request } : { meta, bytes: u8 };
    if (!(await this.put(record))) {
      throw new MmcpError('cache_write_failed', `Could not store the imported file (${u8.byteLength} bytes); see the cache warnings for why.`, { phase: 'cache', details: { key } });
    }
    return meta;
  }

  /** The budget computed by the last store or stats call. */
  get budgetBytes(): number {
    return this.lastBudget;
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
