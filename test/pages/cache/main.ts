/**
 * Browser test page for the clip cache: a real ClipCache on IndexedDB wrapping the procedural
 * backend (real GLB documents), driven from test/browser/cache.spec.ts through `window.cacheTest`.
 */
import { ClipCache, idbCacheStore, withCache, type CacheStore, type CacheWarning, type CachedMotionBackend } from '../../../src/cache/index.js';
import type { GenerateProgress } from '../../../src/backend.js';
import type { GenerateRequest, Skeleton } from '../../../src/protocol/types.js';
import { proceduralBackend, type ProceduralBackend } from '../../support/procedural-backend.js';

/** Options of {@link setup}. */
interface SetupOptions {
  dbName?: string;
  maxBytes?: number;
  unseeded?: 'bypass' | 'any-cached-sample';
  /** Simulated storage-full errors on write: none, the next one, or every one. */
  quota?: 'none' | 'once' | 'always';
  delayMs?: number;
  /** withCache's `lockTimeoutMs`. */
  lockTimeoutMs?: number;
}

let skeleton: Skeleton | undefined;
let inner: ProceduralBackend | undefined;
let cache: ClipCache | undefined;
let backend: CachedMotionBackend | undefined;
let store: CacheStore | undefined;
let quota: SetupOptions['quota'] = 'none';
const warnings: CacheWarning[] = [];

async function setup(o: SetupOptions = {}) {
  skeleton ??= (await (await fetch('/shared/fixtures/mmcp/kimodo-soma30-canonical.json')).json()) as Skeleton;
  quota = o.quota ?? 'none';
  const idb = idbCacheStore({ dbName: o.dbName ?? 'babylon-mmcp-cache-test' });
  store = {
    ...idb,
    async write(record) {
      if (quota === 'always' || quota === 'once') {
        if (quota === 'once') quota = 'none';
        throw new DOMException('simulated: the disk is full', 'QuotaExceededError');
      }
      return idb.write(record);
    },
  };
  warnings.length = 0;
  cache = new ClipCache({ store, maxBytes: o.maxBytes, logger: null });
  cache.onWarning((w) => warnings.push({ code: w.code, message: w.message }));
  inner = proceduralBackend({ skeleton, delayMs: o.delayMs ?? 0, model: 'kimodo-soma-proc' });
  backend = withCache(inner, cache, { unseeded: o.unseeded ?? 'bypass', ...(o.lockTimeoutMs !== undefined ? { lockTimeoutMs: o.lockTimeoutMs } : {}) });
  return { joints: skeleton.joints.length };
}

function request(prompt: string, seed: number | null, frames: number): GenerateRequest {
  return {
    protocol_version: '1.3',
    model: 'kimodo-soma-proc',
    skeleton: skeleton!,
    segments: [{ type: 'text', prompt, duration_frames: frames }],
    options: { seed, num_samples: 1 },
  };
}

async function generate(prompt: string, seed: number | null = 1, frames = 60, abortAfterMs?: number) {
  const events: GenerateProgress[] = [];
  const ac = new AbortController();
  if (abortAfterMs !== undefined) setTimeout(() => ac.abort(), abortAfterMs);
  const r = await backend!.generate(request(prompt, seed, frames), { onProgress: (e) => events.push(e), timeoutMs: 20_000, signal: ac.signal });
  await cache!.flush();
  const clip = r.document.clips[0]!;
  return {
    cached: r.cached === true,
    calls: inner!.calls,
    requestId: r.requestId,
    size: r.bytes.byteLength,
    frames: clip.frameCount,
    joints: clip.jointNames.length,
    rot: Array.from(clip.rotations.subarray(0, 8)),
    cacheEvents: events.filter((e) => e.stage === 'cache'),
  };
}

/** Overwrites an entry's bytes with `n` bytes of garbage, keeping its metadata (a damaged disk). */
async function corrupt(prompt: string, seed: number | null = 1, frames = 60) {
  const plan = await backend!.planFor(request(prompt, seed, frames));
  const rec = await cache!.get(plan!.key);
  if (!rec) throw new Error('nothing to corrupt');
  const garbage = rec.bytes.slice();
  for (let i = 0; i < garbage.length; i += 7) garbage[i] = (garbage[i]! ^ 0x5a) & 0xff;
  await idbCacheStore({ dbName: 'babylon-mmcp-cache-test' }).write({ ...rec, bytes: garbage });
  return plan!.key;
}

const api = {
  setup,
  generate,
  corrupt,
  list: async () => (await cache!.list()).map((m) => ({ key: m.key, summary: m.summary, size: m.size, lastUsed: m.lastUsed, seeded: m.seeded, frames: m.frames, samples: m.samples })),
  stats: () => cache!.stats(),
  clear: () => cache!.clear(),
  warnings: () => warnings.slice(),
  calls: () => inner!.calls,
  setQuota: (q: SetupOptions['quota']) => {
    quota = q;
  },
  exportFirst: async () => {
    const [m] = await cache!.list();
    const e = await cache!.exportEntry(m!.key);
    return { filename: e!.filename, size: e!.blob!.size, type: e!.blob!.type };
  },
  locks: typeof navigator.locks?.request === 'function',
};
(window as unknown as { cacheTest: typeof api }).cacheTest = api;
