// Shared by the samples: the motion backend (the in-page model by default, or a remote MMCP
// server), optionally behind the IndexedDB clip cache.
import { LocalBackend } from '../../src/local/index.js';
import { RemoteBackend } from '../../src/remote/index.js';
import { ClipCache, withCache } from '../../src/cache/index.js';
import type { MotionBackend } from '../../src/backend.js';

/** The default model package: switching models is this one URL (or `?model=<url>`). */
export const DEFAULT_MODEL_URL = '/models/bn-motion-small/';

/** Where motion comes from. */
export interface BackendChoice {
  kind: 'local' | 'remote';
  /** Model package URL (local) or server URL (remote). */
  url: string;
  token?: string;
  cache: boolean;
  /** Local execution provider: `auto` (WebGPU when available, else WASM), `wasm` or `webgpu`. */
  executionProvider?: 'auto' | 'wasm' | 'webgpu';
  /** WASM threads for the model (default: the backend's choice). */
  numThreads?: number;
}

/** The choice encoded in the page URL (`?backend=remote&url=…&token=…`, `?model=…&ep=wasm`, `&cache=0`). */
export function choiceFromLocation(): BackendChoice {
  const q = new URLSearchParams(location.search);
  const kind = q.get('backend') === 'remote' ? 'remote' : 'local';
  const choice: BackendChoice = { kind, url: kind === 'remote' ? (q.get('url') ?? '') : (q.get('model') ?? DEFAULT_MODEL_URL), cache: q.get('cache') !== '0' };
  const token = q.get('token');
  if (token) choice.token = token;
  const ep = q.get('ep');
  if (ep === 'wasm' || ep === 'webgpu' || ep === 'auto') choice.executionProvider = ep;
  const threads = Number(q.get('threads'));
  if (threads >= 1) choice.numThreads = threads;
  return choice;
}

/** Creates the backend for a choice (the local one loads its model in a worker). */
export async function createBackend(choice: BackendChoice, onLoad?: (text: string) => void): Promise<{ backend: MotionBackend; executionProvider?: string; dispose: () => void }> {
  let backend: MotionBackend;
  let executionProvider: string | undefined;
  let dispose = (): void => {};
  if (choice.kind === 'local') {
    const local = new LocalBackend({
      model: choice.url,
      executionProvider: choice.executionProvider ?? 'auto',
      ...(choice.numThreads ? { numThreads: choice.numThreads } : {}),
      onLoadProgress: (p) => onLoad?.(`Loading model ${Math.round(p.loaded / 1024)} KiB${p.total ? ` of ${Math.round(p.total / 1024)} KiB` : ''}…`),
    });
    const info = await local.ready();
    executionProvider = info.executionProvider;
    backend = local;
    dispose = () => local.dispose();
  } else {
    if (!choice.url) throw new Error('Enter the URL of an MMCP server.');
    const options: ConstructorParameters<typeof RemoteBackend>[0] = { url: choice.url };
    if (choice.token) options.token = choice.token;
    backend = new RemoteBackend(options);
  }
  if (choice.cache) backend = withCache(backend, new ClipCache());
  return executionProvider ? { backend, executionProvider, dispose } : { backend, dispose };
}
