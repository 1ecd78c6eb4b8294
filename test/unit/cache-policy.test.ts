import { describe, expect, it, vi } from 'vitest';
import { ClipCache, memoryCacheStore, withCache, type CacheStore, type CacheWarning } from '../../src/cache/index.js';
import type { GenerateProgress, MotionBackend } from '../../src/backend.js';
import { MmcpError } from '../../src/protocol/errors.js';
import type { GenerateRequest, Skeleton } from '../../src/protocol/types.js';
import { proceduralBackend } from '../support/procedural-backend.js';

const skeleton: Skeleton = {
  joints: [
    { name: 'Hips', parent: null, rest_translation: [0, 0.95, 0] },
    { name: 'Spine', parent: 'Hips', rest_translation: [0, 0.2, 0] },
    { name: 'Head', parent: 'Spine', rest_translation: [0, 0.4, 0] },
    { name: 'LeftFoot', parent: 'Hips', rest_translation: [0.1, -0.9, 0] },
    { name: 'RightFoot', parent: 'Hips', rest_translation: [-0.1, -0.9, 0] },
  ],
};
const req = (prompt: string, seed: number | null = 1, frames = 30): GenerateRequest => ({
  protocol_version: '1.3',
  model: 'proc-walker',
  skeleton,
  segments: [{ type: 'text', prompt, duration_frames: frames }],
  options: { seed, num_samples: 1 },
});

function setup(opts: { maxBytes?: number; store?: CacheStore; delayMs?: number; unseeded?: 'bypass' | 'any-cached-sample'; storeTimeoutMs?: number } = {}) {
  const mem = memoryCacheStore();
  const warnings: CacheWarning[] = [];
  const logged: string[] = [];
  let clock = 1000;
  const cache = new ClipCache({
    store: opts.store ?? mem,
    maxBytes: opts.maxBytes,
    logger: { warn: (m) => logged.push(m) },
    now: () => ++clock,
    storeTimeoutMs: opts.storeTimeoutMs,
  });
  cache.onWarning((w) => warnings.push(w));
  const inner = proceduralBackend({ skeleton, delayMs: opts.delayMs });
  const backend = withCache(inner, cache, { unseeded: opts.unseeded });
  return { mem, cache, inner, backend, warnings, logged };
}

describe('withCache', () => {
  it('stores a miss and serves the same bytes on the next call', async () => {
    const { backend, inner, cache } = setup();
    const events: GenerateProgress[] = [];
    const a = await backend.generate(req('walk'), { onProgress: (e) => events.push(e) });
    expect(a.cached).toBe(false);
    expect(events).toContainEqual({ stage: 'cache', hit: false });
    const b = await backend.generate(req('walk'), { onProgress: (e) => events.push(e) });
    expect(b.cached).toBe(true);
    expect(events.at(-1)).toEqual({ stage: 'cache', hit: true });
    expect(inner.calls).toBe(1);
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
    expect(Array.from(b.document.clips[0]!.rotations)).toEqual(Array.from(a.document.clips[0]!.rotations));
    expect(b.requestId).toBe(a.requestId);
    expect(backend.id).toBe(inner.id);
    const s = await cache.stats();
    expect(s).toMatchObject({ entries: 1, hits: 1, misses: 1, evictions: 0 });
    const [meta] = await cache.list();
    expect(meta).toMatchObject({ model: 'proc-walker', modelVersion: '1.0.0', frames: 30, fps: 30, seconds: 1, samples: 1, seeded: true, backendId: inner.id, summary: '"walk" 1.0 s' });
  });

  it('two concurrent identical requests make one backend call; one waiter aborting does not stop the other', async () => {
    const { backend, inner } = setup({ delayMs: 50 });
    const ac = new AbortController();
    let joined = 0;
    let bothJoined!: () => void;
    const joinedP = new Promise<void>((resolve) => (bothJoined = resolve));
    const onProgress = (e: GenerateProgress) => e.stage === 'cache' && ++joined === 2 && bothJoined();
    // p1 starts the shared generation, then aborts once p2 and p3 have joined it.
    const p1 = backend.generate(req('wave'), { signal: ac.signal });
    const p2 = backend.generate(req('wave'), { onProgress });
    const p3 = backend.generate(req('wave'), { onProgress });
    await joinedP;
    ac.abort();
    await expect(p1).rejects.toMatchObject({ code: 'aborted' });
    const [r2, r3] = await Promise.all([p2, p3]);
    expect(r2.bytes).toBe(r3.bytes);
    expect(inner.calls).toBe(1);
    expect(inner.aborted).toBe(0);
  });

  it('aborts the shared generation once every waiter has gone', async () => {
    const { backend, inner } = setup({ delayMs: 200 });
    const a = new AbortController();
    const b = new AbortController();
    const p1 = backend.generate(req('run'), { signal: a.signal });
    const p2 = backend.generate(req('run'), { signal: b.signal });
    await new Promise((r) => setTimeout(r, 20));
    a.abort();
    b.abort();
    await expect(p1).rejects.toMatchObject({ code: 'aborted' });
    await expect(p2).rejects.toMatchObject({ code: 'aborted' });
    await new Promise((r) => setTimeout(r, 20));
    expect(inner.aborted).toBe(1);
    // A later identical request starts afresh.
    await expect(backend.generate(req('run'))).resolves.toMatchObject({ cached: false });
  });

  it('a waiter timeout is its own: MmcpError timeout, others still served', async () => {
    const { backend, inner } = setup({ delayMs: 80 });
    const p1 = backend.generate(req('jump'), { timeoutMs: 10 });
    const p2 = backend.generate(req('jump'));
    await expect(p1).rejects.toMatchObject({ code: 'timeout' });
    await expect(p2).resolves.toMatchObject({ cached: false });
    expect(inner.calls).toBe(1);
  });

  it('unseeded requests: bypass generates every time but stores; any-cached-sample serves the stored one', async () => {
    const s = setup();
    await s.backend.generate(req('idle', null));
    const r = await s.backend.generate(req('idle', null));
    expect(r.cached).toBe(false);
    expect(s.inner.calls).toBe(2);
    expect((await s.cache.list()).map((m) => m.seeded)).toEqual([false]);
    // A game that accepts any sample, sharing the same store:
    const any = withCache(s.inner, s.cache, { unseeded: 'any-cached-sample' });
    const r2 = await any.generate(req('idle', null));
    expect(r2.cached).toBe(true);
    expect(s.inner.calls).toBe(2);
    // A seeded request of the same prompt is a different key.
    await any.generate(req('idle', 5));
    expect(s.inner.calls).toBe(3);
  });

  it('evicts least-recently used entries under a small budget', async () => {
    const probe = setup();
    const size = (await probe.backend.generate(req('a'))).bytes.byteLength;
    const { backend, inner, cache } = setup({ maxBytes: Math.floor(size * 2.5) });
    await backend.generate(req('a'));
    await backend.generate(req('b'));
    await backend.generate(req('a')); // a is now more recent than b
    await cache.flush();
    await backend.generate(req('c')); // over budget: b goes
    expect((await cache.list()).map((m) => m.summary)).toEqual(['"c" 1.0 s', '"a" 1.0 s']);
    expect((await cache.stats()).evictions).toBe(1);
    await backend.generate(req('a'));
    expect(inner.calls).toBe(3);
    await backend.generate(req('b'));
    expect(inner.calls).toBe(4);
  });

  it('QuotaExceededError once: evicts and retries; always: returns the clip uncached and warns', async () => {
    const mem = memoryCacheStore();
    let failures = 0;
    const store: CacheStore = {
      ...mem,
      async write(r) {
        if (failures > 0) {
          failures--;
          throw new DOMException('full', 'QuotaExceededError');
        }
        return mem.write(r);
      },
    };
    const { backend, inner, cache, warnings, logged } = setup({ store });
    await backend.generate(req('old'));
    failures = 1;
    const r = await backend.generate(req('new'));
    expect(r.cached).toBe(false);
    expect((await cache.list()).map((m) => m.summary)).toEqual(['"new" 1.0 s']);
    expect((await cache.stats()).evictions).toBe(1);
    expect(warnings).toEqual([]);
    failures = Infinity;
    const r2 = await backend.generate(req('newer'));
    expect(r2.document.clips).toHaveLength(1);
    expect(r2.timings['cache_stored']).toBe(0);
    expect(warnings.map((w) => w.code)).toEqual(['quota_exceeded']);
    expect(logged[0]).toMatch(/quota/i);
    expect(inner.calls).toBe(3);
  });

  it('a corrupted entry is detected, evicted and regenerated; a stale schema is never served', async () => {
    const { backend, inner, mem, warnings, cache } = setup();
    const first = await backend.generate(req('spin'));
    const [key] = [...mem.records.keys()];
    const rec = mem.records.get(key!)!;
    rec.bytes = rec.bytes.slice(0, 40);
    const again = await backend.generate(req('spin'));
    expect(again.cached).toBe(false);
    expect(inner.calls).toBe(2);
    expect(warnings.map((w) => w.code)).toEqual(['corrupt_entry']);
    expect(Buffer.from(mem.records.get(key!)!.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    mem.records.get(key!)!.meta.schema = 0;
    expect((await backend.generate(req('spin'))).cached).toBe(false);
    expect((await cache.stats()).corrupt).toBe(2);
  });

  it('storage that fails or hangs never loses the clip', async () => {
    const mem = memoryCacheStore();
    const store: CacheStore = {
      ...mem,
      read: async () => {
        throw new Error('disk on fire');
      },
      write: () => new Promise<void>(() => {}),
    };
    const { backend, warnings } = setup({ store, storeTimeoutMs: 50 });
    const r = await backend.generate(req('x'));
    expect(r.document.clips[0]!.frameCount).toBe(30);
    expect(warnings.map((w) => w.code)).toEqual(['lookup_failed', 'timeout']);
  });

  it('an entry larger than the budget is returned uncached with a warning', async () => {
    const { backend, warnings, cache } = setup({ maxBytes: 100 });
    const r = await backend.generate(req('big'));
    expect(r.cached).toBe(false);
    expect(warnings.map((w) => w.code)).toEqual(['entry_too_large']);
    expect((await cache.stats()).entries).toBe(0);
  });

  it('budget respects a share of the free quota', async () => {
    const cache = new ClipCache({ store: memoryCacheStore(), logger: null, estimate: async () => ({ quota: 10_000, usage: 4_000 }), quotaFraction: 0.5 });
    expect((await cache.stats()).budgetBytes).toBe(3_000);
  });

  it('exports an entry as .glb and imports it (parse-checked) into another cache', async () => {
    const a = setup();
    await a.backend.generate(req('Wave Hello!'));
    const [meta] = await a.cache.list();
    const file = await a.cache.exportEntry(meta!.key);
    expect(file!.filename).toBe(`wave-hello-${meta!.key.slice(0, 8)}.glb`);
    expect(file!.blob?.type).toBe('model/gltf-binary');
    const b = setup();
    await expect(b.cache.importGlb(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow();
    const imported = await b.backend.importGlb(file!.bytes, req('Wave Hello!'));
    expect(imported.key).toBe(meta!.key);
    expect(imported.source).toBe('imported');
    const r = await b.backend.generate(req('Wave Hello!'));
    expect(r.cached).toBe(true);
    expect(b.inner.calls).toBe(0);
    // Without a request it is listed under the file's hash, not served.
    const loose = await b.cache.importGlb(file!.bytes);
    expect(loose.backendId).toBe('import');
    expect((await b.cache.list()).length).toBe(2);
    await b.cache.delete(loose.key);
    expect((await b.cache.list()).length).toBe(1);
    await b.cache.clear();
    expect((await b.cache.stats()).entries).toBe(0);
  });

  it('plays cached clips offline: failing capabilities fall back to the newest cached model version', async () => {
    const s = setup();
    const first = await s.backend.generate(req('walk'));
    const down = () => Promise.reject(new MmcpError('connection_failed', 'server down'));
    const offline: MotionBackend = { id: s.inner.id, capabilities: down, generate: down };
    const b2 = withCache(offline, s.cache);
    const r = await b2.generate(req('walk'));
    expect(r.cached).toBe(true);
    expect(r.requestId).toBe(first.requestId);
    await expect(b2.generate(req('not cached'))).rejects.toMatchObject({ code: 'connection_failed' });
    expect(s.warnings.map((w) => w.code)).toEqual(['capabilities_failed']);
    expect(s.warnings[0]!.message).toContain('1.0.0');
  });

  it('a new model version from the capabilities moves to new keys (after the TTL)', async () => {
    const s = setup();
    let version = '1.0.0';
    const versioned: MotionBackend = {
      id: s.inner.id,
      capabilities: async () => {
        const c = await s.inner.capabilities();
        c.models[0]!.version = version;
        return c;
      },
      generate: (r, o) => s.inner.generate(r, o),
    };
    const b = withCache(versioned, s.cache, { capabilitiesTtlMs: 0 });
    await b.generate(req('walk'));
    expect((await b.generate(req('walk'))).cached).toBe(true);
    version = '2.0.0';
    expect((await b.generate(req('walk'))).cached).toBe(false);
    expect((await s.cache.list()).map((m) => m.modelVersion).sort()).toEqual(['1.0.0', '2.0.0']);
  });

  it('without SubtleCrypto (insecure context) generates uncached with a warning; bad numbers are a typed error', async () => {
    const s = setup();
    vi.stubGlobal('crypto', {});
    try {
      const r = await s.backend.generate(req('walk'));
      expect(r.document.clips).toHaveLength(1);
      expect(s.warnings.map((w) => w.code)).toEqual(['cache_unavailable']);
      expect(s.warnings[0]!.message).toMatch(/secure context/);
    } finally {
      vi.unstubAllGlobals();
    }
    const bad = req('walk');
    bad.skeleton = { joints: [{ name: 'Hips', parent: null, rest_translation: [0, Number.NaN, 0] }] };
    await expect(s.backend.generate(bad)).rejects.toMatchObject({ code: 'invalid_cache_key', phase: 'cache' });
  });
});

describe('withCache: warmUp', () => {
  it('forwards warmUp to the wrapped backend and stores nothing', async () => {
    const mem = memoryCacheStore();
    const cache = new ClipCache({ store: mem, logger: null });
    const inner = proceduralBackend({ skeleton });
    const warming: MotionBackend = {
      id: inner.id,
      capabilities: (s) => inner.capabilities(s),
      generate: (r, o) => inner.generate(r, o),
      async warmUp() {
        await inner.generate(req('walk'));
        await inner.generate(req('walk', 2));
        return { ms: 1, generations: 2, failures: [] };
      },
    };
    const backend = withCache(warming, cache);
    expect(await backend.warmUp!()).toEqual({ ms: 1, generations: 2, failures: [] });
    expect(inner.calls).toBe(2);
    expect((await cache.stats()).entries).toBe(0);
    // The same request afterwards is a miss: warm-up results were not cached.
    expect((await backend.generate(req('walk'))).cached).toBe(false);
  });

  it('has no warmUp when the wrapped backend has none', () => {
    const backend = withCache(proceduralBackend({ skeleton }), new ClipCache({ store: memoryCacheStore(), logger: null }));
    expect(backend.warmUp).toBeUndefined();
  });
});
