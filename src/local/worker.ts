/**
 * The module worker behind {@link LocalBackend}: loads a model package (IndexedDB-cached) and
 * answers MMCP `generate()` with the shared runtime core on onnxruntime-web. Results come back
 * with their typed arrays and GLB bytes *transferred* (moved), never structured-clone copied.
 * Built as `dist/local-worker.js`.
 */
import * as Comlink from 'comlink';
import type { GenerateResult } from '../backend.js';
import { MmcpError, isMmcpError, type SerializedMmcpError } from '../protocol/errors.js';
import { indexedDbByteStore } from './model-cache.js';
import { createWebOrt, effectiveThreads } from './ort-web.js';
import { loadModelPackage } from './package.js';
import { LocalRuntime } from './runtime.js';
import type { LocalWorkerApi, Outcome, TransferReport, WorkerLoadInfo } from './worker-api.js';

let runtime: LocalRuntime | undefined;
const cancelled = new Set<number>();
let lastReport: TransferReport | undefined;
let lastBuffers: ArrayBuffer[] = [];

/** Closes the message port of a comlink callback proxy once a call is over. */
function release(callback: unknown): void {
  (callback as { [Comlink.releaseProxy]?: () => void } | undefined)?.[Comlink.releaseProxy]?.();
}

function toError(err: unknown, phase: 'load' | 'generate'): SerializedMmcpError {
  if (isMmcpError(err)) return (err as MmcpError).toJSON();
  const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const code = phase === 'load' ? 'model_load_failed' : 'internal_error';
  return new MmcpError(code, msg, { phase, status: phase === 'generate' ? 500 : undefined }).toJSON();
}

/** Every distinct ArrayBuffer behind the result's typed arrays. */
function resultBuffers(result: GenerateResult): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView | undefined) => {
    if (a && a.buffer instanceof ArrayBuffer) set.add(a.buffer);
  };
  add(result.bytes);
  for (const clip of result.document.clips) {
    add(clip.rotations);
    add(clip.rootPositions);
    for (const c of Object.values(clip.footContacts ?? {})) add(c);
    add(clip.trajectory?.position);
    add(clip.trajectory?.yaw);
  }
  const sk = result.document.skeleton;
  add(sk.parents);
  add(sk.restTranslations);
  add(sk.restRotations);
  return [...set];
}

const api: LocalWorkerApi = {
  holdLock(name) {
    const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
    if (!locks) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      void locks.request(name, () => {
        resolve(true);
        return new Promise<void>(() => {}); // held until this worker dies
      });
    });
  },

  async load(request, onProgress): Promise<Outcome<WorkerLoadInfo>> {
    const t0 = performance.now();
    try {
      await runtime?.dispose();
      runtime = undefined;
      const pkg = await loadModelPackage(request.source, {
        store: request.cache ? indexedDbByteStore() : undefined,
        timeoutMs: request.timeoutMs,
        onProgress: onProgress ? (p) => void Promise.resolve(onProgress(p)).catch(() => {}) : undefined,
      });
      const ort = await createWebOrt({ executionProvider: request.executionProvider, numThreads: request.numThreads, wasmPaths: request.wasmPaths });
      runtime = await LocalRuntime.create(pkg, ort);
      return {
        ok: true,
        value: {
          id: runtime.id,
          capabilities: runtime.capabilities(),
          executionProvider: runtime.executionProvider,
          numThreads: runtime.executionProvider === 'wasm' ? effectiveThreads(request.numThreads) : 0,
          crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
          loadMs: performance.now() - t0,
          sessionMs: runtime.sessionMs,
          cachedFiles: pkg.cachedFiles,
          manifestFromCache: pkg.manifestFromCache,
        },
      };
    } catch (err) {
      return { ok: false, error: toError(err, 'load') };
    } finally {
      release(onProgress);
    }
  },

  async generate(callId, request, onProgress): Promise<Outcome<GenerateResult>> {
    try {
      if (!runtime) throw new MmcpError('model_unavailable', 'The local model is not loaded yet.', { phase: 'generate', status: 503 });
      if (cancelled.has(callId)) throw new MmcpError('aborted', 'Generation was aborted.', { phase: 'generate' });
      const result = await runtime.generate(request, {
        isCancelled: () => cancelled.has(callId),
        onProgress: onProgress ? (p) => void Promise.resolve(onProgress(p)).catch(() => {}) : undefined,
      });
      const buffers = resultBuffers(result);
      lastBuffers = buffers;
      lastReport = { buffers: buffers.length, bytes: buffers.reduce((s, b) => s + b.byteLength, 0), detached: false };
      const outcome: Outcome<GenerateResult> = { ok: true, value: result };
      return Comlink.transfer(outcome, buffers);
    } catch (err) {
      return { ok: false, error: toError(err, 'generate') };
    } finally {
      cancelled.delete(callId);
      release(onProgress);
    }
  },

  cancel(callId) {
    cancelled.add(callId);
  },

  lastTransfer() {
    if (!lastReport) return undefined;
    return { ...lastReport, detached: lastBuffers.length > 0 && lastBuffers.every((b) => b.byteLength === 0) };
  },

  ping: () => 'pong',
};

Comlink.expose(api);
