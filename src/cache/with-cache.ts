/**
 * `withCache(backend, cache)`: a {@link MotionBackend} that answers from a {@link ClipCache}
 * and stores what it had to generate. Identical requests in flight share one generation, in
 * this tab (a map of promises) and across tabs (Web Locks, where available).
 */
import type { GenerateCallOptions, GenerateProgress, GenerateResult, MotionBackend } from '../backend.js';
import type { Capabilities, GenerateRequest } from '../protocol/types.js';
import { MmcpError } from '../protocol/errors.js';
import { abortError, waitFor, withTimeout } from './async.js';
import type { ClipCache, CacheHit } from './clip-cache.js';
import { cacheKeyMaterial, isSeeded, modelVersionOf, sha256Hex } from './key.js';
import { buildEntryMeta } from './metadata.js';
import type { CacheEntryMeta } from './types.js';

/** What a request without a seed may be answered with. */
export type UnseededPolicy = 'bypass' | 'any-cached-sample';

/** Options of {@link withCache}. */
export interface WithCacheOptions {
  /**
   * Requests without a seed are random by definition. `bypass` (default): always generate (the
   * result is still stored, for the library view and for later `any-cached-sample` use).
   * `any-cached-sample`: serve any stored sample of the same request, generating only the first.
   */
  unseeded?: UnseededPolicy;
  /** Share generations across tabs with Web Locks (default true; ignored where unavailable). */
  crossTab?: boolean;
  /** Longest wait for another tab's generation of the same clip before generating here too (default 120000 ms). */
  lockTimeoutMs?: number;
  /** Deadline for the wrapped backend's `capabilities()` used to find the model version (default 10000 ms). */
  capabilitiesTimeoutMs?: number;
  /**
   * How long the capabilities (and so the model versions in keys) are reused before asking the
   * backend again (default 300000 ms). When a refresh fails the last good answer is kept; with no
   * answer at all, the model version of the newest cached clip is used, so cached clips still play offline.
   */
  capabilitiesTtlMs?: number;
}

/** How a request maps to the cache. */
export interface CachePlan {
  /** The cache key (64 hex characters). */
  key: string;
  modelVersion: string;
  /** Whether the request is reproducible (has seeds). */
  seeded: boolean;
  /** Whether a stored entry may answer it (false for unseeded requests under `bypass`). */
  serve: boolean;
}

/** A cached {@link MotionBackend}, with access to its cache and key computation. */
export interface CachedMotionBackend extends MotionBackend {
  /** The wrapped backend. */
  readonly inner: MotionBackend;
  /** The cache it reads and writes. */
  readonly cache: ClipCache;
  /** How `request` maps to the cache; `undefined` when it cannot be cached (model unknown, capabilities unreachable). */
  planFor(request: GenerateRequest): Promise<CachePlan | undefined>;
  /** Imports a `.glb` as the answer to `request` on this backend (parse-checked). */
  importGlb(bytes: Uint8Array | ArrayBuffer, request: GenerateRequest, requestId?: string): Promise<CacheEntryMeta>;
}

interface Outcome {
  result: GenerateResult;
  hit: boolean;
}

interface Flight {
  promise: Promise<Outcome>;
  controller: AbortController;
  waiters: number;
  settled: boolean;
  listeners: Set<(e: GenerateProgress) => void>;
  /** The last `cache` event, replayed to late joiners. */
  cacheEvent?: GenerateProgress;
}

/** Canonical texts remembered with their hashes (repeat requests skip the SHA-256). */
const KEY_MEMO_SIZE = 256;
/** After a failed capabilities fetch, ask again after this long at the earliest. */
const CAPS_RETRY_MS = 30_000;

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

interface LockManagerLike {
  request<T>(name: string, options: { signal?: AbortSignal }, callback: () => Promise<T>): Promise<T>;
}

/**
 * Wraps `backend` with `cache`. The result has the same `id` and `capabilities()` and answers
 * `generate()` from the cache when it can; every answer emits `{ stage: 'cache', hit }` through
 * `onProgress`, and cached answers carry `cached: true`.
 */
export function withCache(backend: MotionBackend, cache: ClipCache, options: WithCacheOptions = {}): CachedMotionBackend {
  const unseeded = options.unseeded ?? 'bypass';
  if (unseeded !== 'bypass' && unseeded !== 'any-cached-sample') {
    throw new MmcpError('invalid_options', `withCache: unseeded must be 'bypass' or 'any-cached-sample', got ${JSON.stringify(unseeded)}.`, { phase: 'cache' });
  }
  const crossTab = options.crossTab ?? true;
  const lockTimeoutMs = options.lockTimeoutMs ?? 120_000;
  const capsTimeoutMs = options.capabilitiesTimeoutMs ?? 10_000;
  const capsTtlMs = options.capabilitiesTtlMs ?? 300_000;
  const inflight = new Map<string, Flight>();
  const versions = new Map<string, string>();
  const keyMemo = new Map<string, string>();
  let caps: { at: number; value: Promise<Capabilities> } | undefined;
  let lastGood: Capabilities | undefined;
  let warnedCaps: typeof caps;

  /** Capabilities, fetched once per `capabilitiesTtlMs`; a failed refresh falls back to the last good answer. */
  const capabilities = async (): Promise<Capabilities> => {
    if (!caps || Date.now() - caps.at >= capsTtlMs) {
      const p = withTimeout(backend.capabilities(), capsTimeoutMs, 'capabilities()');
      const entry = { at: Date.now(), value: p };
      caps = entry;
      p.then(
        (c) => {
          if (c !== lastGood) versions.clear();
          lastGood = c;
        },
        () => {
          // Fail fast for a while instead of waiting for a dead server on every call.
          if (caps === entry) entry.at = Date.now() - capsTtlMs + Math.min(capsTtlMs, CAPS_RETRY_MS);
        },
      );
    }
    try {
      return await caps.value;
    } catch (e) {
      if (lastGood) return lastGood;
      throw e;
    }
  };

  const modelVersion = async (model: string): Promise<string | undefined> => {
    let c: Capabilities;
    try {
      c = await capabilities();
    } catch (e) {
      // Offline, but a version was found before (from the cache's newest clip): keep using it.
      const offline = versions.get(model);
      if (offline !== undefined) return offline;
      throw e;
    }
    const known = versions.get(model);
    if (known !== undefined) return known;
    const spec = c.models.find((m) => m.id === model);
    if (!spec) return undefined;
    const v = await modelVersionOf(spec);
    versions.set(model, v);
    return v;
  };

  /** Offline: the model version of the newest entry this backend stored for `model`, if any. */
  const cachedModelVersion = async (model: string): Promise<string | undefined> => {
    try {
      const newest = (await cache.list()).find((m) => m.backendId === backend.id && m.model === model && m.source === 'generated');
      return newest?.modelVersion;
    } catch {
      return undefined;
    }
  };

  const planFor = async (request: GenerateRequest): Promise<CachePlan | undefined> => {
    let version: string | undefined;
    try {
      version = await modelVersion(request.model);
    } catch (e) {
      version = await cachedModelVersion(request.model);
      if (version !== undefined) versions.set(request.model, version);
      const why = e instanceof Error ? e.message : String(e);
      if (warnedCaps !== caps) {
        warnedCaps = caps;
        cache.warn({
          code: 'capabilities_failed',
          message: version !== undefined ? `Cannot read ${backend.id} capabilities (${why}); using model version ${version} of the newest cached clip.` : `Cannot read ${backend.id} capabilities (${why}); generating without the cache.`,
          cause: e,
        });
      }
    }
    if (version === undefined) return undefined;
    const seeded = isSeeded(request);
    const material = cacheKeyMaterial({ backendId: backend.id, model: request.model, modelVersion: version, request, anySample: !seeded });
    let key = keyMemo.get(material);
    if (key === undefined) {
      try {
        key = await sha256Hex(material);
      } catch (e) {
        // No SubtleCrypto (insecure context): no key, so no cache; the generation still happens.
        cache.warn({ code: 'cache_unavailable', message: `${e instanceof Error ? e.message : String(e)} Generating without the cache.`, cause: e });
        return undefined;
      }
      keyMemo.set(material, key);
      // Bounded: forget the oldest keys.
      if (keyMemo.size > KEY_MEMO_SIZE) keyMemo.delete(keyMemo.keys().next().value!);
    }
    return { key, modelVersion: version, seeded, serve: seeded || unseeded === 'any-cached-sample' };
  };

  const hitResult = (hit: CacheHit, t0: number, keyMs: number): GenerateResult => {
    const { meta, bytes } = hit.record;
    const result: GenerateResult = {
      document: hit.document,
      bytes,
      model: meta.model,
      timings: { total: now() - t0, cache_key: keyMs, cache_read: hit.readMs, cache_parse: hit.parseMs },
      cached: true,
    };
    if (meta.requestId !== undefined) result.requestId = meta.requestId;
    return result;
  };

  /** Generates, stores and returns the result (storage problems are warnings). `spent` holds the cache's own timings so far. */
  const generateAndStore = async (request: GenerateRequest, plan: CachePlan, call: GenerateCallOptions, t0: number, spent: Record<string, number>): Promise<GenerateResult> => {
    cache.noteMiss();
    const result = await backend.generate(request, call);
    const ts = now();
    const meta = buildEntryMeta({
      key: plan.key,
      bytes: result.bytes,
      document: result.document,
      request,
      backendId: backend.id,
      modelVersion: plan.modelVersion,
      requestId: result.requestId,
      source: 'generated',
      now: cache.now(),
    });
    const stored = await cache.put({ meta, bytes: result.bytes, request });
    const storeMs = now() - ts;
    return { ...result, cached: false, timings: { ...result.timings, ...spent, cache_store: storeMs, cache_stored: stored ? 1 : 0, total_with_cache: now() - t0 } };
  };

  /** Runs `fn` holding the cross-tab lock for `key` (or without it where locks are missing or stuck). */
  const underLock = async <T>(key: string, signal: AbortSignal, fn: (locked: boolean) => Promise<T>): Promise<T> => {
    const locks = crossTab ? ((globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks ?? undefined) : undefined;
    if (!locks) return fn(false);
    const ac = new AbortController();
    const onAbort = () => ac.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => ac.abort(new Error('lock wait timed out')), lockTimeoutMs);
    let entered = false;
    try {
      return await locks.request(`babylon-mmcp-cache:${key}`, { signal: ac.signal }, () => {
        entered = true;
        clearTimeout(timer);
        return fn(true);
      });
    } catch (e) {
      if (entered) throw e;
      if (signal.aborted) throw abortError(signal);
      cache.warn({ code: 'lock_unavailable', message: `Could not get the cross-tab lock for clip ${key.slice(0, 8)} (${e instanceof Error ? e.message : String(e)}); generating without it.`, key, cause: e });
      return fn(false);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  };

  const startFlight = (request: GenerateRequest, plan: CachePlan, first: GenerateCallOptions, t0: number, keyMs: number): Flight => {
    const controller = new AbortController();
    const flight: Flight = { promise: undefined as unknown as Promise<Outcome>, controller, waiters: 0, settled: false, listeners: new Set() };
    const emit = (e: GenerateProgress) => {
      if (e.stage === 'cache') flight.cacheEvent = e;
      for (const l of flight.listeners) {
        try {
          l(e);
        } catch {
          // A listener's error must not break the shared generation.
        }
      }
    };
    const served = (hit: CacheHit): Outcome => {
      cache.noteHit();
      emit({ stage: 'cache', hit: true });
      return { result: hitResult(hit, t0, keyMs), hit: true };
    };
    const run = async (): Promise<Outcome> => {
      const tl = now();
      const hit = await cache.lookup(plan.key);
      if (hit) return served(hit);
      const lookupMs = now() - tl;
      const tw = now();
      return underLock(plan.key, controller.signal, async (locked) => {
        // Another tab may have stored it while we waited for the lock (cheap check first).
        const again = locked && (await cache.has(plan.key)) ? await cache.lookup(plan.key) : undefined;
        if (again) return served(again);
        emit({ stage: 'cache', hit: false });
        const call: GenerateCallOptions = { signal: controller.signal, onProgress: emit };
        if (first.timeoutMs !== undefined) call.timeoutMs = first.timeoutMs;
        const spent = { cache_key: keyMs, cache_lookup: lookupMs, cache_lock: now() - tw };
        return { result: await generateAndStore(request, plan, call, t0, spent), hit: false };
      });
    };
    flight.promise = run();
    flight.promise.then(
      () => (flight.settled = true),
      () => (flight.settled = true),
    );
    return flight;
  };

  const join = async (key: string, flight: Flight, call: GenerateCallOptions): Promise<GenerateResult> => {
    flight.waiters++;
    const listener = call.onProgress;
    if (listener) {
      flight.listeners.add(listener);
      if (flight.cacheEvent) listener(flight.cacheEvent);
    }
    try {
      return (await waitFor(flight.promise, call.signal, call.timeoutMs)).result;
    } finally {
      flight.waiters--;
      if (listener) flight.listeners.delete(listener);
      // Nobody waits any more: stop the shared work (only then).
      if (flight.waiters === 0 && !flight.settled) {
        flight.controller.abort(abortError(call.signal));
        if (inflight.get(key) === flight) inflight.delete(key);
      }
    }
  };

  const generate = async (request: GenerateRequest, call: GenerateCallOptions = {}): Promise<GenerateResult> => {
    if (call.signal?.aborted) throw abortError(call.signal);
    const t0 = now();
    const plan = await planFor(request);
    if (!plan) return backend.generate(request, call);
    const keyMs = now() - t0;
    if (!plan.serve) {
      // Unseeded under `bypass`: a fresh sample every time, stored but never served.
      call.onProgress?.({ stage: 'cache', hit: false });
      return generateAndStore(request, plan, call, t0, { cache_key: keyMs });
    }
    // Aborted while the key was computed: leave before starting or joining anything.
    if (call.signal?.aborted) throw abortError(call.signal);
    let flight = inflight.get(plan.key);
    if (!flight) {
      const f = startFlight(request, plan, call, t0, keyMs);
      flight = f;
      inflight.set(plan.key, f);
      f.promise.then(
        () => inflight.get(plan.key) === f && inflight.delete(plan.key),
        () => inflight.get(plan.key) === f && inflight.delete(plan.key),
      );
    }
    return join(plan.key, flight, call);
  };

  return {
    id: backend.id,
    inner: backend,
    cache,
    capabilities: (signal?: AbortSignal) => backend.capabilities(signal),
    generate,
    planFor,
    async importGlb(bytes, request, requestId) {
      const plan = await planFor(request);
      if (!plan) throw new MmcpError('unknown_model', `Cannot import for model ${JSON.stringify(request.model)}: ${backend.id} does not list it in its capabilities.`, { phase: 'cache' });
      const opts = { request, backendId: backend.id, modelVersion: plan.modelVersion, ...(requestId !== undefined ? { requestId } : {}) };
      return cache.importGlb(bytes, opts);
    },
    // Warm-up work is never cached: it exists to run the backend's code.
    ...(backend.warmUp ? { warmUp: (options?: { signal?: AbortSignal; rounds?: number }) => backend.warmUp!(options) } : {}),
    dispose: () => backend.dispose?.(),
  };
}
