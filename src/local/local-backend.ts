/**
 * `LocalBackend`: the in-page model as a {@link MotionBackend}. A module worker (comlink) runs
 * the model package with onnxruntime-web; this main-thread side queues requests, forwards
 * progress, cancels on `AbortSignal`, puts a timeout on every wait, and restarts the worker
 * when it dies (in-flight calls fail with `worker_crashed`; the next call starts a fresh one).
 */
import * as Comlink from 'comlink';
import type { GenerateCallOptions, GenerateResult, MotionBackend } from '../backend.js';
import { MmcpError } from '../protocol/errors.js';
import type { Capabilities, GenerateRequest } from '../protocol/types.js';
import type { ExecutionProviderChoice } from './ort-web.js';
import type { LoadProgress } from './package.js';
import type { LocalWorkerApi, Outcome, TransferReport, WorkerLoadInfo } from './worker-api.js';
import { warmUpRequests, type WarmUpOptions, type WarmUpReport } from './warm-up.js';

/** Options for {@link LocalBackend}. */
export interface LocalBackendOptions {
  /** Model package: URL of its folder or `manifest.json` (relative to the page), or its files. */
  model: string | URL | { files: Record<string, Uint8Array> };
  /** `auto` (default): WebGPU when an adapter exists, else WASM. */
  executionProvider?: ExecutionProviderChoice;
  /**
   * WASM threads (default: up to 4 when the page is cross-origin isolated, else 1). Games should
   * leave two cores to the frames: 1 on machines with up to 4 cores, `cores - 2` above
   * (docs/local.md, "Threads").
   */
  numThreads?: number;
  /** Cache model bytes in IndexedDB (default true). */
  cache?: boolean;
  /** URL of the worker script (default: `local-worker.js` next to this module). */
  workerUrl?: string | URL;
  /** Starts the worker yourself (bundlers: `() => new Worker(new URL(…, import.meta.url), { type: 'module' })`). */
  createWorker?: () => Worker;
  /** onnxruntime-web `env.wasm.wasmPaths` inside the worker (see docs/local.md). */
  wasmPaths?: string | { wasm?: string; mjs?: string };
  /** Model download + session creation deadline (default 180 000 ms). */
  loadTimeoutMs?: number;
  /** Default deadline of one generation including its wait in the queue (default 300 000 ms). */
  generateTimeoutMs?: number;
  /** Model download progress. */
  onLoadProgress?: (p: LoadProgress) => void;
}

interface Live {
  /** Set once a worker started (answered a ping). */
  worker: Worker | undefined;
  remote: Comlink.Remote<LocalWorkerApi> | undefined;
  info: Promise<WorkerLoadInfo>;
  dead: boolean;
  /** Fails every in-flight call of this worker. */
  onDeath: Set<(err: MmcpError) => void>;
}

let lockCounter = 0;

/**
 * Default worker factories, tried in order until one starts. The first is written literally so
 * bundlers (Vite, webpack 5, Parcel) bundle the worker with the library and Vite dev resolves it
 * to `local-worker.ts` from source; the second covers the published build when this module was
 * split into `dist/chunks/` (the worker entry is `dist/local-worker.js`).
 */
function defaultWorkerFactories(): Array<() => Worker> {
  return [
    () => new Worker(new URL('./local-worker.js', import.meta.url), { type: 'module' }),
    () => new Worker(new URL(['..', 'local-worker.js'].join('/'), import.meta.url), { type: 'module' }),
  ];
}

/** Resolves with the worker's comlink remote once it answers a ping; rejects on a load error. */
function started(worker: Worker, ms: number): Promise<Comlink.Remote<LocalWorkerApi>> {
  const remote = Comlink.wrap<LocalWorkerApi>(worker);
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      worker.removeEventListener('error', onError);
      remote[Comlink.releaseProxy]();
      worker.terminate();
      reject(new Error(why));
    };
    const onError = (e: ErrorEvent) => fail(e.message || 'the worker script failed to load');
    const timer = setTimeout(() => fail(`the worker did not start within ${ms} ms`), ms);
    worker.addEventListener('error', onError);
    remote.ping().then(() => {
      clearTimeout(timer);
      worker.removeEventListener('error', onError);
      resolve(remote);
    }, (e: unknown) => fail(String(e)));
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string, phase: 'load' | 'generate' | 'capabilities'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new MmcpError('timeout', `${what} did not finish within ${ms} ms.`, { phase, retryable: true })), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

function unwrap<T>(o: Outcome<T>): T {
  if (o.ok) return o.value;
  throw MmcpError.fromJSON(o.error);
}

/** The in-page MMCP backend (see `docs/local.md`). */
export class LocalBackend implements MotionBackend {
  private live: Live | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private callId = 0;
  private loaded: WorkerLoadInfo | undefined;
  private disposed = false;
  private readonly source: LocalBackendOptions['model'];
  /** Per-call listeners for model-load progress (a generate() waiting on a (re)load). */
  private readonly loadListeners = new Set<(p: LoadProgress) => void>();

  constructor(private readonly options: LocalBackendOptions) {
    const m = options.model;
    const base = (globalThis as { location?: { href: string } }).location?.href;
    this.source = typeof m === 'string' || m instanceof URL ? new URL(String(m), base).href : m;
  }

  /** Creates a backend and waits until its model is loaded. */
  static async create(options: LocalBackendOptions): Promise<LocalBackend> {
    const b = new LocalBackend(options);
    await b.ready();
    return b;
  }

  /** `local:<model id>@<version>` (available once {@link ready} resolved). */
  get id(): string {
    if (!this.loaded) throw new MmcpError('model_unavailable', 'LocalBackend.id is known once the model is loaded: await backend.ready() first (or use LocalBackend.create).', { phase: 'load' });
    return this.loaded.id;
  }

  /** Load facts: execution provider, threads, timings, cache hits. */
  get info(): WorkerLoadInfo | undefined {
    return this.loaded;
  }

  /** Starts the worker and loads the model (idempotent); resolves with the load facts. */
  async ready(): Promise<WorkerLoadInfo> {
    return this.ensure().info;
  }

  private ensure(): Live {
    if (this.disposed) throw new MmcpError('model_unavailable', 'This LocalBackend was disposed.', { phase: 'load' });
    if (this.live && !this.live.dead) return this.live;
    const live: Live = { worker: undefined, remote: undefined, dead: false, onDeath: new Set(), info: Promise.resolve(undefined as unknown as WorkerLoadInfo) };
    const die = (why: string) => markWorkerDead(live, why);
    const { createWorker, workerUrl } = this.options;
    const factories = createWorker ? [createWorker] : workerUrl ? [() => new Worker(workerUrl, { type: 'module' })] : defaultWorkerFactories();
    const loadMs = this.options.loadTimeoutMs ?? 180_000;
    const source = this.source;
    live.info = (async () => {
      const deathWatch = new Promise<never>((_, reject) => live.onDeath.add(reject));
      const guarded = <T,>(p: Promise<T>): Promise<T> => withTimeout<T>(Promise.race<T>([p, deathWatch]), loadMs, 'Loading the local model', 'load');
      const failures: string[] = [];
      for (const factory of factories) {
        if (live.dead) break;
        const worker = factory();
        try {
          live.remote = await guarded(started(worker, Math.min(loadMs, 60_000)));
          live.worker = worker;
          break;
        } catch (err) {
          if (err instanceof MmcpError) {
            worker.terminate();
            throw err;
          }
          failures.push(err instanceof Error ? err.message : String(err));
        }
      }
      const worker = live.worker;
      const remote = live.remote;
      if (!worker || !remote) {
        throw new MmcpError('worker_crashed', `The local model worker could not be started (${failures.join('; ')}). Pass workerUrl or createWorker (docs/local.md, bundler notes).`, {
          phase: 'load',
          details: { reason: 'worker_start', failures },
        });
      }
      worker.addEventListener('error', (e) => die(e.message || 'uncaught error in the worker'));
      worker.addEventListener('messageerror', () => die('a message could not be deserialised'));
      // Web Lock: granted to us only when the worker (its holder) is gone, even after terminate().
      const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
      if (locks) {
        const name = `babylon-mmcp-worker-${Date.now()}-${lockCounter++}-${Math.random().toString(36).slice(2)}`;
        if (await guarded(remote.holdLock(name))) void locks.request(name, () => die('it was terminated or crashed'));
      }
      const userProgress = this.options.onLoadProgress;
      const onProgress = (p: LoadProgress) => {
        userProgress?.(p);
        for (const l of this.loadListeners) l(p);
      };
      const outcome = await guarded<Outcome<WorkerLoadInfo>>(
        (remote.load as LocalWorkerApi['load'])(
          {
            source: typeof source === 'string' ? source : { files: (source as { files: Record<string, Uint8Array> }).files },
            executionProvider: this.options.executionProvider ?? 'auto',
            numThreads: this.options.numThreads,
            cache: this.options.cache !== false,
            wasmPaths: this.options.wasmPaths,
            timeoutMs: loadMs,
          },
          Comlink.proxy(onProgress),
        ),
      );
      const info = unwrap<WorkerLoadInfo>(outcome);
      this.loaded = info;
      return info;
    })();
    live.info.catch(() => {
      // A failed load leaves no half-started worker behind.
      if (this.live === live) die('the model failed to load');
    });
    this.live = live;
    return live;
  }

  /** MMCP capabilities of the loaded model. */
  async capabilities(signal?: AbortSignal): Promise<Capabilities> {
    if (signal?.aborted) throw new MmcpError('aborted', 'capabilities() was aborted.', { phase: 'capabilities' });
    return structuredClone((await this.ready()).capabilities);
  }

  /**
   * Generates motion in the worker. Requests run one at a time in arrival order; an aborted
   * request rejects at once with `aborted` (the worker stops at its next step).
   */
  generate(request: GenerateRequest, options: GenerateCallOptions = {}): Promise<GenerateResult> {
    const { signal, onProgress } = options;
    const timeoutMs = options.timeoutMs ?? this.options.generateTimeoutMs ?? 300_000;
    const id = ++this.callId;
    let running = false;
    let settled = false;
    const outer = new Promise<GenerateResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        const err = new MmcpError('timeout', `Local generation did not finish within ${timeoutMs} ms.`, { phase: 'generate', retryable: true });
        finish(() => reject(err));
        // A worker stuck in a long step is replaced rather than waited for.
        if (running && this.live) this.killWorker('it exceeded the generation deadline');
      }, timeoutMs);
      const onAbort = () => {
        finish(() => reject(new MmcpError('aborted', 'Generation was aborted.', { phase: 'generate', retryable: false })));
        if (running) void this.live?.remote?.cancel(id).catch(() => {});
      };
      const finish = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        f();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });

      const run = async () => {
        if (settled) return; // aborted or timed out while queued
        running = true;
        let live: Live;
        const listener = onProgress ? (p: LoadProgress) => onProgress({ stage: 'loading', loaded: p.loaded, total: p.total }) : undefined;
        if (listener) this.loadListeners.add(listener);
        try {
          live = this.ensure();
          await live.info;
        } catch (err) {
          finish(() => reject(err));
          return;
        } finally {
          if (listener) this.loadListeners.delete(listener);
        }
        if (settled) return;
        const inner = new Promise<GenerateResult>((res, rej) => {
          const onDeath = (err: MmcpError) => rej(err);
          live.onDeath.add(onDeath);
          live.remote!
            .generate(id, request, onProgress ? Comlink.proxy(onProgress) : undefined)
            .then((o) => {
              try {
                res(unwrap(o));
              } catch (err) {
                rej(err);
              }
            }, rej)
            .finally(() => live.onDeath.delete(onDeath))
            .catch(() => {});
        });
        try {
          const result = await inner;
          finish(() => resolve(result));
        } catch (err) {
          finish(() => reject(err));
        }
      };
      const next = this.queue.then(run, run);
      this.queue = next.catch(() => {});
      onProgress?.({ stage: 'queued' });
    });
    return outer;
  }

  /**
   * Runs a few representative generations (a walk along a root path, an action, two segments) and
   * discards them, so the browser compiles the model's and the runtime's code now rather than during
   * play: call it while your game loads. The first generations after a page load otherwise come with
   * a burst of background JIT compilation that, on a machine with few cores, can stall frames.
   * Requests the model refuses are reported in `failures`, not thrown; an abort throws `aborted`.
   */
  async warmUp(options: WarmUpOptions = {}): Promise<WarmUpReport> {
    const t0 = performance.now();
    const info = await this.ready();
    const spec = info.capabilities.models[0];
    const report: WarmUpReport = { ms: 0, generations: 0, failures: [] };
    if (!spec) return report;
    const requests = warmUpRequests(spec, options.prompts ?? ['walk', 'wave with the right hand']);
    for (let round = 0; round < Math.max(1, options.rounds ?? 2); round++) {
      for (const request of requests) {
        try {
          await this.generate(request, { signal: options.signal });
          report.generations++;
        } catch (err) {
          // A request this model refuses is skipped; anything else (abort, timeout, a crash) is the caller's.
          const refused = err instanceof MmcpError && (err.code === 'invalid_request' || err.code.startsWith('unsupported'));
          if (!refused) throw err;
          if (round === 0) report.failures.push(err.message);
        }
      }
    }
    report.ms = performance.now() - t0;
    return report;
  }

  /** Transfer facts of the last result, read from the worker (for tests and diagnostics). */
  async lastTransfer(): Promise<TransferReport | undefined> {
    const remote = this.live && !this.live.dead ? this.live.remote : undefined;
    if (!remote) return undefined;
    return withTimeout(remote.lastTransfer(), 5000, 'lastTransfer()', 'generate');
  }

  /** Terminates the worker (in-flight calls fail with `worker_crashed`); the next call starts a new one. */
  killWorker(why = 'killWorker() was called'): void {
    if (this.live) markWorkerDead(this.live, why);
  }

  /** Stops the worker and refuses further calls. */
  dispose(): void {
    this.killWorker('the backend was disposed');
    this.disposed = true;
  }
}

/** Marks a worker dead once: its in-flight calls fail with `worker_crashed`, and it is terminated. */
function markWorkerDead(live: Live, why: string): void {
  if (live.dead) return;
  live.dead = true;
  const err = new MmcpError('worker_crashed', `The local model worker stopped (${why}); the next call starts a fresh one.`, { phase: 'generate', retryable: true });
  for (const f of live.onDeath) f(err);
  live.onDeath.clear();
  live.remote?.[Comlink.releaseProxy]();
  live.worker?.terminate();
}
